/** The panel's state: which kernel it watches, what it last heard, and when to ask again. */
import { ISessionContext } from '@jupyterlab/apputils';
import { Signal, ISignal } from '@lumino/signaling';

import { fetchState, isPython } from './kernel';
import { IPanelState } from './tokens';

/** Pause before asking again for frames the kernel had no time to profile. */
const PENDING_DELAY_MS = 300;

export type Status =
  | 'no-kernel'
  | 'not-python'
  | 'loading'
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

  get state(): IPanelState {
    return this._state;
  }

  get message(): string {
    return this._message;
  }

  get session(): ISessionContext | null {
    return this._session;
  }

  selected: string | null = null;

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
    this._state = { frames: [] };
    this.selected = null;
    if (session) {
      session.statusChanged.connect(this._onStatus, this);
      session.kernelChanged.connect(this._onKernel, this);
    }
    void this.refresh();
  }

  /** Ask the kernel again; concurrent requests collapse into one follow-up. */
  async refresh(): Promise<void> {
    if (this._running) {
      this._again = true;
      return;
    }
    this._running = true;
    try {
      do {
        this._again = false;
        await this._fetch();
      } while (this._again);
    } finally {
      this._running = false;
    }
  }

  private async _fetch(): Promise<void> {
    const kernel = this._session?.session?.kernel;
    if (!kernel) {
      this._set('no-kernel', 'No kernel: open a notebook and start its kernel.');
      return;
    }
    if (!(await isPython(kernel))) {
      this._set('not-python', 'This kernel does not run Python, so mlqa_nb cannot look at its data.');
      return;
    }
    this._set('loading', 'Looking at the data frames…');
    if (kernel.status === 'busy') {
      this._set('loading', 'The kernel is busy; the panel updates when it is free.');
    }
    try {
      const state = await fetchState(kernel);
      this._state = state;
      this._set(state.error ? 'error' : 'ready', state.error ?? '');
      if (state.frames.some(frame => frame.pending)) {
        // the kernel stopped at its time budget: profile the rest without hogging it
        window.setTimeout(() => void this.refresh(), PENDING_DELAY_MS);
      }
    } catch (error) {
      this._set('error', `The kernel could not list its frames: ${(error as Error).message}`);
    }
  }

  private _onStatus(_: ISessionContext, status: string): void {
    if (status === 'restarting' || status === 'autorestarting' || status === 'starting') {
      this._state = { frames: [] };
      this._set('restarting', 'The kernel is restarting…');
    } else if (status === 'idle' && this._status === 'restarting') {
      void this.refresh();
    } else if (status === 'dead') {
      this._set('no-kernel', 'The kernel is dead: restart it.');
    }
  }

  private _onKernel(): void {
    this._state = { frames: [] };
    void this.refresh();
  }

  private _set(status: Status, message: string): void {
    this._status = status;
    this._message = message;
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
  private _session: ISessionContext | null = null;
  private _state: IPanelState = { frames: [] };
  private _status: Status = 'no-kernel';
  private _message = 'No kernel: open a notebook and start its kernel.';
  private _running = false;
  private _again = false;
}
