import type { DriftClass, DriftReport } from '../resources/results';

/**
 * CloudWatch metrics through the embedded metric format: a JSON line on stdout with an `_aws`
 * block, which CloudWatch Logs turns into metrics (no PutMetricData call, no extra permission).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export const DRIFT_NAMESPACE = 'meshops/drift';

const CLASS_METRICS: Record<DriftClass, string> = {
  changed: 'Changed',
  missing: 'Missing',
  unmanaged: 'Unmanaged',
  pending: 'Pending',
  rollout: 'Rollout',
};

export interface EmfRecord {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: 'Count' }[] }[];
  };
  [field: string]: unknown;
}

/**
 * One line per drift check: drift items by class (and in total) for one repository. One line
 * cannot carry two values of one dimension, so the class is in the metric name, not a dimension.
 */
export function driftMetric(repo: string, report: DriftReport, at: Date): EmfRecord {
  const values: Record<string, number> = { Total: report.items.length };
  for (const [cls, name] of Object.entries(CLASS_METRICS) as [DriftClass, string][]) values[name] = report.summary[cls] ?? 0;
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [{ Namespace: DRIFT_NAMESPACE, Dimensions: [['Repository']], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })) }],
    },
    Repository: repo,
    ...values,
  };
}

/** Where EMF lines go: stdout, one line each (Lambda ships stdout to CloudWatch Logs). */
export function writeMetric(record: EmfRecord, write: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): void {
  write(JSON.stringify(record));
}
