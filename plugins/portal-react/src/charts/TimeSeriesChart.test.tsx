import { render, screen, within } from '@testing-library/react';
import { TimeSeriesChart } from './TimeSeriesChart';

const day = (n: number) => Date.UTC(2024, 0, n);
const formatDay = (at: number) => new Date(at).toISOString().slice(0, 10);

describe('TimeSeriesChart', () => {
  it('draws each series and names the chart for screen readers', () => {
    const { container } = render(
      <TimeSeriesChart
        label="Certified over time"
        testId="chart"
        series={[
          {
            name: 'L1+',
            points: [
              { at: day(1), value: 40 },
              { at: day(2), value: 50 },
              { at: day(3), value: 60 },
            ],
            dots: 'last',
          },
          {
            name: 'L2+',
            dash: '6 4',
            points: [
              { at: day(1), value: 10 },
              { at: day(3), value: 20 },
            ],
          },
        ]}
        formatTime={formatDay}
        valueDomain={[0, 100]}
        valueTicks={[0, 50, 100]}
        formatValue={v => `${v}%`}
        legend
      />,
    );

    const chart = screen.getByRole('img', { name: 'Certified over time' });
    expect(chart).toHaveAttribute('data-testid', 'chart');
    // jsdom has no layout: the chart still draws, at its fallback width.
    const lines = container.querySelectorAll('.recharts-line-curve');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toHaveAttribute('stroke-dasharray', '6 4');
    expect(
      container.querySelectorAll('.recharts-line-dots circle'),
    ).toHaveLength(1);
    expect(chart).toHaveTextContent('50%');
    expect(chart).toHaveTextContent('2024-01-01');

    const table = screen.getByRole('table', { name: 'Certified over time' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'TimeL1+L2+',
      '2024-01-0140%10%',
      '2024-01-0250%',
      '2024-01-0360%20%',
    ]);
  });

  it('holds values until the next one on a step chart, with long formats in the table', () => {
    const { container } = render(
      <TimeSeriesChart
        label="Level over time"
        curve="step"
        series={[
          {
            name: 'Level',
            dots: 'all',
            points: [
              { at: day(1), value: 0 },
              { at: day(5), value: 1 },
              { at: day(9), value: 1, hideDot: true },
            ],
          },
        ]}
        timeDomain={[day(1), day(9)]}
        formatTime={formatDay}
        formatTimeLong={at => `on ${formatDay(at)}`}
        timeHeading="Day"
        valueDomain={[0, 2]}
        formatValue={v => `L${v}`}
        formatValueLong={v => `level ${v}`}
      />,
    );

    const path = container
      .querySelector('.recharts-line-curve')
      ?.getAttribute('d');
    // A step: a horizontal then a vertical segment between changes.
    expect(path).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+L[\d.]+,[\d.]+/);
    expect(
      container.querySelectorAll('.recharts-line-dots circle'),
    ).toHaveLength(2);
    const table = screen.getByRole('table', { name: 'Level over time' });
    expect(
      within(table).getByRole('columnheader', { name: 'Day' }),
    ).toBeTruthy();
    expect(table).toHaveTextContent('on 2024-01-05level 1');
  });
});
