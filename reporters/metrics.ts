/**
 * Pushes the run's metrics to the Pushgateway, when SMOKE_PUSHGATEWAY_URL names one: each environment
 * of the run replaces its group there. A failed push fails nothing.
 */
import { settings } from '../src/config/settings.ts';
import { pushMetrics, runMetrics } from '../src/summary/metrics.ts';
import { environmentsOf, type RunSummary } from '../src/summary/summary.ts';
import { SummaryOutputReporter } from './collect.ts';

export default class MetricsReporter extends SummaryOutputReporter {
  override printsToStdio(): boolean {
    return true;
  }

  protected async write(summary: RunSummary): Promise<void> {
    const pushgateway = settings().secrets.SMOKE_PUSHGATEWAY_URL;
    if (!pushgateway) return;
    for (const environment of environmentsOf(summary)) {
      try {
        await pushMetrics(pushgateway, environment, runMetrics(summary, environment));
        console.log(`wink-smoke: ${environment} metrics pushed to the Pushgateway`);
      } catch (error) {
        // Metrics are for trends; the run's verdict, history and alerts stand without them.
        console.error(`wink-smoke: ${environment} metrics not pushed: ${(error as Error).message}`);
      }
    }
  }
}
