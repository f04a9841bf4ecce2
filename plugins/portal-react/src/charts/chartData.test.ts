import { evenTicks, toRows } from './chartData';

describe('toRows', () => {
  it('merges series into one row per time, oldest first', () => {
    expect(
      toRows([
        {
          name: 'a',
          points: [
            { at: 20, value: 2 },
            { at: 10, value: 1 },
          ],
        },
        {
          name: 'b',
          points: [
            { at: 10, value: 5 },
            { at: 30, value: 7 },
          ],
        },
      ]),
    ).toEqual([
      { at: 10, s0: 1, s1: 5 },
      { at: 20, s0: 2 },
      { at: 30, s1: 7 },
    ]);
  });

  it('leaves out points at invalid times or with invalid values', () => {
    expect(
      toRows([
        {
          name: 'a',
          points: [
            { at: NaN, value: 1 },
            { at: 10, value: NaN },
            { at: 20, value: 3 },
          ],
        },
      ]),
    ).toEqual([{ at: 20, s0: 3 }]);
  });
});

describe('evenTicks', () => {
  it('spaces ticks evenly, both ends included', () => {
    expect(evenTicks(0, 100, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(evenTicks(0, 10, 2)).toEqual([0, 10]);
  });

  it('gives one tick for an empty range', () => {
    expect(evenTicks(5, 5, 4)).toEqual([5]);
    expect(evenTicks(0, 10, 1)).toEqual([0]);
  });
});
