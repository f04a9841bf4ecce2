import { render, screen } from '@testing-library/react';
import type { NextApiRequest, NextApiResponse } from 'next';
import health from '../pages/api/health';
import Home from '../pages/index';

describe('${{ values.name }}', () => {
  it('names the site on the home page', () => {
    render(<Home />);
    expect(
      screen.getByRole('heading', { name: '${{ values.name }}' }),
    ).toBeDefined();
  });

  it('reports healthy', () => {
    const json = vi.fn();
    const res = { status: vi.fn(() => ({ json })) };
    health({} as NextApiRequest, res as unknown as NextApiResponse);
    expect(res.status).toHaveBeenCalledWith(200);
    expect(json).toHaveBeenCalledWith({ status: 'ok' });
  });
});
