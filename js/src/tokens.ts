/** What the kernel-side module (mlqa_nb._frontends.lab) sends back, and the MIME types it uses. */

export const STATE_MIME = 'application/vnd.mlqa.panel+json';
export const REPORT_MIME = 'application/vnd.mlqa.report+json';

export interface IFindingSummary {
  check: string;
  severity: 'critical' | 'warning' | 'info';
  message: string;
  columns: string[];
}

export interface IFrameSummary {
  name: string;
  kind: string;
  rows: number;
  columns: number;
  critical: number;
  warning: number;
  info: number;
  sampled: boolean;
  pending: boolean;
  findings: IFindingSummary[];
}

export interface IPanelState {
  frames: IFrameSummary[];
  seconds?: number;
  error?: string;
}

export interface IReport {
  name: string;
  html: string;
}
