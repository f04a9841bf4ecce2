"""${{ values.name }}: see README.md."""

from importlib.metadata import version

__all__ = ["__version__", "user_agent"]

__version__ = version("${{ values.name }}")


def user_agent(application: str = "") -> str:
    """Identify callers built with this package, e.g. in HTTP headers."""
    agent = f"${{ values.name }}/{__version__}"
    return f"{application} {agent}" if application else agent
