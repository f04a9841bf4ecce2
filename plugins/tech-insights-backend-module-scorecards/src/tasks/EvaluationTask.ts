import {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ScorecardEvaluator } from '../evaluation/ScorecardEvaluator';
import { ScorecardStore } from '../store/ScorecardStore';

/**
 * On a schedule, evaluates every component over the stored facts and drops
 * daily roll-ups older than the trends show.
 */
export class EvaluationTask {
  constructor(
    private readonly options: {
      evaluator: ScorecardEvaluator;
      store: ScorecardStore;
      schedule: SchedulerServiceTaskScheduleDefinition;
      /** Days of daily roll-ups kept for trends. */
      trendDays: number;
    },
  ) {}

  async start(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'tech-insights-scorecards-evaluate',
      ...this.options.schedule,
      fn: () => this.run(),
    });
  }

  async run(): Promise<void> {
    await this.options.evaluator.evaluateAll();
    await this.options.store.pruneDaily(
      new Date(Date.now() - this.options.trendDays * 86_400_000)
        .toISOString()
        .slice(0, 10),
    );
  }
}
