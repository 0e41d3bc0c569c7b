/**
 * The panel's state: which kernel it watches, what it last heard, and when to ask.
 *
 * Asking costs the kernel one short comm message (the work itself runs on a
 * background thread between the user's cells). The model asks only while the
 * panel is visible and automatic refresh is on; a cell run while the panel is
 * hidden marks it stale, and showing it asks then.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { ISignal, Signal } from '@lumino/signaling';

import { isPython, KernelLink } from './kernel';
import { IFrameSummary, IReportMessage, KernelMessage } from './tokens';

/** Cells finishing within this many milliseconds of each other (Run All) make one request. */
const DEBOUNCE_MS = 150;

export type Status =
  | 'no-kernel'
  | 'not-python'
  | 'connecting'
  | 'checking'
  | 'ready'
  | 'restarting'
  | 'error';

export class PanelModel {
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get status(): Status {
    return this._status;
  }

  get frames(): IFrameSummary[] {
    return this._frames;
  }

  get message(): string {
    return this._message;
  }

  get session(): ISessionContext | null {
    return this._session;
  }

  /** Whether %mlqa is loaded in the kernel (as of the last listing). */
  get magicsLoaded(): boolean {
    return this._magics;
  }

  /** The frame whose details are open. */
  selected: string | null = null;

  /** Whether the kernel is asked again after each cell (the user's setting). */
  get autoRefresh(): boolean {
    return this._autoRefresh;
  }

  set autoRefresh(value: boolean) {
    this._autoRefresh = value;
    this._changed.emit();
  }

  /** Whether the panel is on screen; showing a stale panel refreshes it. */
  setVisible(visible: boolean): void {
    this._visible = visible;
    if (visible && this._stale) {
      void this.refresh();
    }
  }

  /** Watch the kernel of another notebook (or none). */
  setSession(session: ISessionContext | null): void {
    if (this._session === session) {
      return;
    }
    if (this._session) {
      this._session.statusChanged.disconnect(this._onStatus, this);
      this._session.kernelChanged.disconnect(this._onKernel, this);
    }
    this._session = session;
    this._drop();
    this._frames = [];
    this.selected = null;
    if (session) {
      session.statusChanged.connect(this._onStatus, this);
      session.kernelChanged.connect(this._onKernel, this);
    }
    this._stale = true;
    if (this._visible) {
      void this.refresh();
    } else {
      this._changed.emit();
    }
  }

  /** A cell of the watched notebook finished. */
  cellExecuted(): void {
    this._stale = true;
    if (!this._visible || !this._autoRefresh) {
      return;
    }
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /** Ask for the frames again; ``full`` hashes every value of large frames too. */
  async refresh(full = false): Promise<void> {
    this._stale = false;
    const link = await this._connect();
    link?.send({ request: 'state', full });
  }

  /** Make ``column`` the target of frame ``name`` (null: none); the kernel remembers it. */
  async setTarget(name: string, column: string | null): Promise<void> {
    const link = await this._connect();
    if (link) {
      this._set('checking', 'Profiling with the new target…');
      link.send({ request: 'target', name, column });
    }
  }

  /** The full report page of one frame (profiled on every row), or null. */
  async report(name: string): Promise<IReportMessage | null> {
    const link = await this._connect();
    if (!link) {
      return null;
    }
    return new Promise(resolve => {
      this._waiting.push({ name, resolve });
      link.send({ request: 'report', name });
    });
  }

  private async _connect(): Promise<KernelLink | null> {
    const kernel = this._session?.session?.kernel;
    if (!kernel) {
      this._set('no-kernel', 'No kernel: open a notebook and start its kernel.');
      return null;
    }
    if (this._link && this._link.kernel === kernel && !this._link.isDisposed) {
      return this._link;
    }
    if (!this._linking || this._linkingFor !== kernel) {
      this._linkingFor = kernel;
      this._linking = (async () => {
        if (!(await isPython(kernel))) {
          this._set('not-python', 'This kernel does not run Python, so mlqa_nb cannot look at its data.');
          return null;
        }
        this._set('connecting', 'Connecting to the kernel…');
        try {
          const link = await KernelLink.open(kernel, message => this._onMessage(kernel, message));
          if (this._session?.session?.kernel !== kernel) {
            link.dispose();
            return null;
          }
          this._link = link;
          return link;
        } catch (error) {
          this._set('error', (error as Error).message);
          return null;
        } finally {
          this._linking = null;
        }
      })();
    }
    return this._linking;
  }

  private _onMessage(kernel: unknown, message: KernelMessage): void {
    if (this._session?.session?.kernel !== kernel) {
      return;
    }
    if (message.kind === 'state') {
      this._frames = message.frames;
      this._magics = Boolean(message.magics);
      if (message.done) {
        this._set('ready', '');
      } else {
        this._set('checking', 'Looking at the data frames between cells…');
      }
    } else if (message.kind === 'report') {
      const waiting = this._waiting.filter(w => w.name === message.name);
      this._waiting = this._waiting.filter(w => w.name !== message.name);
      waiting.forEach(w => w.resolve(message));
    } else if (message.kind === 'error') {
      this._set('error', `The kernel side failed: ${message.message}`);
    }
  }

  private _drop(): void {
    this._link?.dispose();
    this._link = null;
    this._linking = null;
    this._waiting.forEach(w => w.resolve(null));
    this._waiting = [];
  }

  private _onStatus(_: ISessionContext, status: string): void {
    if (status === 'restarting' || status === 'autorestarting' || status === 'starting') {
      this._drop();
      this._frames = [];
      this._set('restarting', status === 'starting' ? 'The kernel is starting…' : 'The kernel is restarting…');
    } else if (status === 'idle' && this._status === 'restarting') {
      this._stale = true;
      if (this._visible) {
        void this.refresh();
      }
    } else if (status === 'dead') {
      this._drop();
      this._set('no-kernel', 'The kernel is dead: restart it.');
    }
  }

  private _onKernel(): void {
    this._drop();
    this._frames = [];
    this._stale = true;
    if (this._visible) {
      void this.refresh();
    }
  }

  private _set(status: Status, message: string): void {
    this._status = status;
    this._message = message;
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
  private _session: ISessionContext | null = null;
  private _frames: IFrameSummary[] = [];
  private _status: Status = 'no-kernel';
  private _message = 'No kernel: open a notebook and start its kernel.';
  private _link: KernelLink | null = null;
  private _linking: Promise<KernelLink | null> | null = null;
  private _linkingFor: unknown = null;
  private _waiting: { name: string; resolve: (r: IReportMessage | null) => void }[] = [];
  private _visible = false;
  private _stale = true;
  private _autoRefresh = true;
  private _timer = 0;
  private _magics = false;
}
