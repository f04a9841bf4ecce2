import type { NextApiRequest, NextApiResponse } from 'next';

// Liveness and readiness probe of the container.
export default function health(_req: NextApiRequest, res: NextApiResponse) {
  res.status(200).json({ status: 'ok' });
}
