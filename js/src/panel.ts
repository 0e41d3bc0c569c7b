/** The sidebar view. Every piece of user data is inserted with textContent, never as HTML. */
import { Widget } from '@lumino/widgets';

import { PanelModel } from './model';
import { IFrameSummary } from './tokens';

export interface IPanelActions {
  insertProfile(name: string): void;
  openReport(index: number, name: string): void;
}

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

  render(): void {
    const root = this.node;
    root.replaceChildren();
    const header = element('div', 'mlqa-panel-header');
    header.appendChild(element('span', 'mlqa-panel-title', 'Data quality'));
    const refresh = element('button', 'mlqa-button mlqa-refresh', 'Refresh');
    refresh.title = 'Profile the frames again';
    refresh.onclick = () => void this.model.refresh();
    header.appendChild(refresh);
    root.appendChild(header);
    const status = element('div', `mlqa-panel-status mlqa-status-${this.model.status}`, this.model.message);
    status.setAttribute('data-status', this.model.status);
    root.appendChild(status);
    const frames = this.model.state.frames;
    if (this.model.status === 'ready' && frames.length === 0) {
      root.appendChild(element('div', 'mlqa-panel-empty', 'No data frames in this kernel yet.'));
    }
    const list = element('div', 'mlqa-frame-list');
    frames.forEach((frame, index) => list.appendChild(this.row(frame, index)));
    root.appendChild(list);
  }

  private row(frame: IFrameSummary, index: number): HTMLElement {
    const row = element('div', 'mlqa-frame-row');
    row.setAttribute('data-name', frame.name);
    row.setAttribute('data-critical', String(frame.critical));
    row.setAttribute('data-warning', String(frame.warning));
    const line = element('div', 'mlqa-frame-line');
    line.appendChild(element('span', 'mlqa-frame-name', frame.name));
    const shape = `${frame.rows.toLocaleString()} × ${frame.columns}${frame.sampled ? ' (sampled)' : ''}`;
    line.appendChild(element('span', 'mlqa-frame-shape', shape));
    const badges = element('span', 'mlqa-frame-badges');
    if (frame.pending) {
      badges.appendChild(element('span', 'mlqa-badge mlqa-pending', '…'));
    } else {
      badges.appendChild(element('span', `mlqa-badge mlqa-critical${frame.critical ? '' : ' mlqa-zero'}`, String(frame.critical)));
      badges.appendChild(element('span', `mlqa-badge mlqa-warning${frame.warning ? '' : ' mlqa-zero'}`, String(frame.warning)));
    }
    line.appendChild(badges);
    line.onclick = () => {
      this.model.selected = this.model.selected === frame.name ? null : frame.name;
      this.render();
    };
    row.appendChild(line);
    if (this.model.selected === frame.name) {
      row.classList.add('mlqa-selected');
      row.appendChild(this.details(frame, index));
    }
    return row;
  }

  private details(frame: IFrameSummary, index: number): HTMLElement {
    const box = element('div', 'mlqa-frame-details');
    if (frame.sampled) {
      box.appendChild(element('div', 'mlqa-note', 'Profiled on a sample of the rows; the full report profiles all of them.'));
    }
    if (frame.findings.length === 0) {
      box.appendChild(element('div', 'mlqa-note', frame.pending ? 'Not profiled yet.' : 'No problems found.'));
    }
    const list = element('ul', 'mlqa-findings');
    for (const finding of frame.findings) {
      const item = element('li', `mlqa-finding mlqa-finding-${finding.severity}`);
      item.appendChild(element('span', `mlqa-badge mlqa-${finding.severity}`, finding.check));
      item.appendChild(element('span', 'mlqa-finding-message', ` ${finding.message}`));
      list.appendChild(item);
    }
    box.appendChild(list);
    const buttons = element('div', 'mlqa-buttons');
    const insert = element('button', 'mlqa-button mlqa-insert', 'Insert %mlqa profile');
    insert.onclick = () => this.actions.insertProfile(frame.name);
    const open = element('button', 'mlqa-button mlqa-open', 'Open full report');
    open.onclick = () => this.actions.openReport(index, frame.name);
    buttons.append(insert, open);
    box.appendChild(buttons);
    return box;
  }
}
