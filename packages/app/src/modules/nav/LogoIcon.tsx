import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 28, height: 28, flexShrink: 0 },
});

/** Meridian's mark: a meridian arc over a horizon line. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-label="Meridian"
    >
      <circle
        cx="16"
        cy="16"
        r="13"
        fill="none"
        stroke="#7df3e1"
        strokeWidth="3"
      />
      <path
        d="M16 3 C 8 10, 8 22, 16 29"
        fill="none"
        stroke="#7df3e1"
        strokeWidth="3"
      />
      <path d="M3 16 H 29" stroke="#7df3e1" strokeWidth="3" />
    </svg>
  );
};
