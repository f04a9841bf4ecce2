import ${{ values.pythonPackage }}
from ${{ values.pythonPackage }} import user_agent


def test_version_is_the_distributions() -> None:
    assert ${{ values.pythonPackage }}.__version__ == "0.1.0"


def test_user_agent() -> None:
    assert user_agent() == "${{ values.name }}/0.1.0"
    assert user_agent("billing") == "billing ${{ values.name }}/0.1.0"
