import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { scorecardsApiRef } from '../../api';
import {
  FakeScorecardsApi,
  backendError,
} from '../../testing/FakeScorecardsApi';
import { EvaluateAllButton } from './EvaluateAllButton';

// Those who administer the tracks (permission answers are cached per file).
function renderButton(api: FakeScorecardsApi, onEvaluated = jest.fn()) {
  const permission = mockApis.permission({
    authorize: request =>
      request.permission.name === 'tech-insights.tracks.manage'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
  renderInTestApp(<EvaluateAllButton onEvaluated={onEvaluated} />, {
    apis: [[scorecardsApiRef, api], permission],
  });
  return { onEvaluated };
}

describe('EvaluateAllButton', () => {
  it('evaluates everything and shows how many entities and how long', async () => {
    const api = new FakeScorecardsApi();
    const { onEvaluated } = renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Evaluate all now' }),
    );
    expect(await screen.findByTestId('evaluation-summary')).toHaveTextContent(
      'Evaluated 42 entities (310 check results) in 4.2 s.',
    );
    expect(api.evaluateRequests).toBe(1);
    expect(onEvaluated).toHaveBeenCalledWith(api.evaluation);
  });

  it("shows the server's message when evaluating fails", async () => {
    const api = new FakeScorecardsApi();
    api.evaluateError = await backendError(
      403,
      'NotAllowedError',
      'Only the platform team may evaluate everything',
    );
    const { onEvaluated } = renderButton(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Evaluate all now' }),
    );
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Only the platform team may evaluate everything',
      ),
    );
    expect(onEvaluated).not.toHaveBeenCalled();
  });
});
