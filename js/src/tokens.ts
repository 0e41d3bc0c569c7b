/** What the kernel side (mlqa_nb._frontends.lab_service) sends back over the panel's comm. */

/** The comm target the kernel side registers. */
export const COMM_TARGET = 'mlqa_nb.panel';
/** The MIME type of the one display message ``start()`` sends. */
export const READY_MIME = 'application/vnd.mlqa.panel+json';

export type Severity = 'critical' | 'warning' | 'info';

export interface IFindingSummary {
  check: string;
  severity: Severity;
  message: string;
  columns: string[];
}

export interface IFrameSummary {
  name: string;
  kind: string;
  /** null for frames of engines that would have to count them (Spark, lazy polars). */
  rows: number | null;
  columns: number;
  column_names: string[];
  target: string | null;
  critical: number;
  warning: number;
  info: number;
  silenced: number;
  sampled: boolean;
  pending: boolean;
  /** Spark, lazy polars, DuckDB and Arrow frames: profiled only when asked. */
  on_request?: boolean;
  findings: IFindingSummary[];
}

export interface IStateMessage {
  kind: 'state';
  frames: IFrameSummary[];
  done: boolean;
  seconds: number;
  /** Whether %mlqa is loaded in the kernel. */
  magics: boolean;
}

export interface IReportMessage {
  kind: 'report';
  name: string;
  html: string;
}

export interface IErrorMessage {
  kind: 'error';
  message: string;
}

export type KernelMessage = IStateMessage | IReportMessage | IErrorMessage;

export type Request =
  | { request: 'state'; full: boolean }
  | { request: 'report'; name: string }
  | { request: 'target'; name: string; column: string | null };
