import { useTheme } from '@material-ui/core/styles';

/**
 * The colours of a chart's series, from the theme (light or dark): the
 * primary colour first, then colours told apart from it and each other.
 */
export function useChartColours(): string[] {
  const theme = useTheme();
  return [
    theme.palette.primary.main,
    theme.palette.success.main,
    theme.palette.warning.dark,
    theme.palette.secondary.main,
  ];
}
