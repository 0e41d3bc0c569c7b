/** The sidebar view. Every piece of user data is inserted with textContent, never as HTML. */
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { PanelModel } from './model';
import { IFrameSummary, Severity } from './tokens';

export interface IPanelActions {
  insertProfile(name: string): void;
  openReport(name: string): void;
}

const SEVERITIES: Severity[] = ['critical', 'warning', 'info'];
const MEANING: Record<Severity, string> = {
  critical: 'critical: the data is wrong in a way that breaks results (leakage, impossible values, a key filed under two parents)',
  warning: 'warning: probably wrong, worth a look before modelling (unit mix-ups, spelling variants, outliers)',
  info: 'info: worth knowing, often fine (missing values, constant columns, skew)'
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`;
}

export class QualityPanel extends Widget {
  constructor(
    private readonly model: PanelModel,
    private readonly actions: IPanelActions
  ) {
    super();
    this.id = 'mlqa-panel';
    this.addClass('mlqa-panel');
    this.title.caption = 'Data quality (mlqa_nb)';
    model.changed.connect(this.render, this);
    this.render();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.model.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this.model.setVisible(false);
  }

  render(): void {
    const root = this.node;
    root.replaceChildren();
    const header = element('div', 'mlqa-panel-header');
    header.appendChild(element('span', 'mlqa-panel-title', 'Data quality'));
    const refresh = element('button', 'mlqa-button mlqa-refresh', 'Refresh');
    refresh.title = 'Look at every frame again, hashing every value of large frames too';
    refresh.onclick = () => void this.model.refresh(true);
    header.appendChild(refresh);
    root.appendChild(header);
    root.appendChild(this.legend());
    const status = element('div', `mlqa-panel-status mlqa-status-${this.model.status}`, this.model.message);
    status.setAttribute('data-status', this.model.status);
    root.appendChild(status);
    if (!this.model.autoRefresh) {
      root.appendChild(element('div', 'mlqa-note mlqa-manual', 'Automatic refresh is off (Settings): press Refresh after changing a frame.'));
    }
    const frames = this.model.frames;
    if (this.model.status === 'ready' && frames.length === 0) {
      root.appendChild(element('div', 'mlqa-panel-empty', 'No data frames in this kernel yet.'));
    }
    const list = element('div', 'mlqa-frame-list');
    frames.forEach(frame => list.appendChild(this.row(frame)));
    root.appendChild(list);
  }

  private legend(): HTMLElement {
    const legend = element('div', 'mlqa-legend');
    legend.appendChild(element('span', 'mlqa-legend-label', 'Findings:'));
    for (const severity of SEVERITIES) {
      const key = element('span', `mlqa-badge mlqa-${severity}`, severity);
      key.title = MEANING[severity];
      legend.appendChild(key);
    }
    return legend;
  }

  private row(frame: IFrameSummary): HTMLElement {
    const row = element('div', 'mlqa-frame-row');
    row.setAttribute('data-name', frame.name);
    for (const severity of SEVERITIES) {
      row.setAttribute(`data-${severity}`, String(frame[severity]));
    }
    row.setAttribute('data-silenced', String(frame.silenced ?? 0));
    const line = element('div', 'mlqa-frame-line');
    line.title = frame.name;
    line.appendChild(element('span', 'mlqa-frame-name', frame.name));
    const meta = element('div', 'mlqa-frame-meta');
    const rows = frame.rows === null ? '?' : frame.rows.toLocaleString();
    const shape = `${rows} × ${frame.columns.toLocaleString()}${frame.sampled ? ' (sampled)' : ''}`;
    meta.appendChild(element('span', 'mlqa-frame-shape', shape));
    if (frame.target) {
      meta.appendChild(element('span', 'mlqa-frame-target', `target ${frame.target}`));
    }
    if (frame.silenced) {
      const silenced = element('span', 'mlqa-frame-silenced', `${frame.silenced} silenced`);
      silenced.title = `${plural(frame.silenced, 'finding')} silenced in mlqa.toml, not counted`;
      meta.appendChild(silenced);
    }
    const badges = element('span', 'mlqa-frame-badges');
    if (frame.on_request) {
      const kind = element('span', 'mlqa-badge mlqa-on-request', frame.kind);
      kind.title = `A ${frame.kind} frame: profiled only when you ask (Open full report), since each look is a job in the engine`;
      badges.appendChild(kind);
    } else if (frame.pending) {
      const waiting = element('span', 'mlqa-badge mlqa-pending', '…');
      waiting.title = 'Not profiled yet: the kernel does it between your cells';
      badges.appendChild(waiting);
    } else {
      for (const severity of SEVERITIES) {
        const count = frame[severity];
        const badge = element('span', `mlqa-badge mlqa-${severity}${count ? '' : ' mlqa-zero'}`, String(count));
        badge.title = plural(count, `${severity} finding`);
        badges.appendChild(badge);
      }
    }
    meta.appendChild(badges);
    line.appendChild(meta);
    line.onclick = () => {
      this.model.selected = this.model.selected === frame.name ? null : frame.name;
      this.render();
    };
    row.appendChild(line);
    if (this.model.selected === frame.name) {
      row.classList.add('mlqa-selected');
      row.appendChild(this.details(frame));
    }
    return row;
  }

  private details(frame: IFrameSummary): HTMLElement {
    const box = element('div', 'mlqa-frame-details');
    box.appendChild(this.targetChooser(frame));
    if (frame.sampled) {
      box.appendChild(element('div', 'mlqa-note', 'Profiled on a sample of the rows; the full report profiles all of them.'));
    }
    if (frame.on_request) {
      box.appendChild(
        element(
          'div',
          'mlqa-note mlqa-on-request-note',
          `A ${frame.kind} frame: not profiled in the background, since each look is a job in the engine. ` +
            'Open full report counts it where it lives (the checks the engine cannot count run on a sample).'
        )
      );
    } else if (frame.findings.length === 0) {
      box.appendChild(element('div', 'mlqa-note', frame.pending ? 'Not profiled yet.' : 'No problems found.'));
    }
    const list = element('ul', 'mlqa-findings');
    for (const finding of frame.findings) {
      const item = element('li', `mlqa-finding mlqa-finding-${finding.severity}`);
      const badge = element('span', `mlqa-badge mlqa-${finding.severity}`, finding.check);
      badge.title = MEANING[finding.severity];
      item.appendChild(badge);
      item.appendChild(element('span', 'mlqa-finding-message', ` ${finding.message}`));
      list.appendChild(item);
    }
    box.appendChild(list);
    const buttons = element('div', 'mlqa-buttons');
    const insert = element('button', 'mlqa-button mlqa-insert', 'Insert %mlqa profile');
    insert.title = 'Add a cell below the active one that profiles this frame';
    insert.onclick = () => this.actions.insertProfile(frame.name);
    const open = element('button', 'mlqa-button mlqa-open', 'Open full report');
    open.title = 'Profile every row and show the report in a new tab';
    open.onclick = () => this.actions.openReport(frame.name);
    buttons.append(insert, open);
    box.appendChild(buttons);
    return box;
  }

  private targetChooser(frame: IFrameSummary): HTMLElement {
    const label = element('label', 'mlqa-target-label', 'Target ');
    label.title = 'The column a model will predict: adds class imbalance, leakage and missingness by class';
    const select = element('select', 'mlqa-target');
    const none = element('option', '', '(none)');
    none.value = '-1';
    select.appendChild(none);
    const columns = frame.column_names ?? [];
    columns.forEach((column, index) => {
      const option = element('option', '', column);
      option.value = String(index); // a column may be called '' or '-1'
      select.appendChild(option);
    });
    select.value = String(frame.target === null ? -1 : columns.indexOf(frame.target));
    select.onchange = () => {
      const index = Number(select.value);
      void this.model.setTarget(frame.name, index < 0 ? null : columns[index]);
    };
    label.appendChild(select);
    return label;
  }
}
