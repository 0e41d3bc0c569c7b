/**
 * The one module that talks to the kernel. It runs one fixed snippet of Python
 * (start the kernel side, once per kernel) and then exchanges JSON over a comm;
 * no user string is ever put into code.
 */
import { Kernel, KernelMessage as Messages } from '@jupyterlab/services';

import { COMM_TARGET, KernelMessage, READY_MIME, Request } from './tokens';

export const MISSING =
  'mlqa_nb is not installed in this kernel: run pip install mlqa_nb in its environment.';

const START = [
  'def __mlqa_panel():',
  '    from IPython.display import display',
  '    try:',
  '        service = __import__("mlqa_nb._frontends.lab_service", fromlist=["start"])',
  '    except ImportError:',
  `        display({"${READY_MIME}": {"ready": False}}, raw=True)`,
  '        return',
  '    service.start()',
  '__mlqa_panel()',
  'del __mlqa_panel'
].join('\n');

/** Whether the kernel runs Python (others cannot run mlqa_nb). */
export async function isPython(kernel: Kernel.IKernelConnection): Promise<boolean> {
  const spec = await kernel.spec;
  const language = spec?.language ?? (await kernel.info).language_info.name;
  return (language || '').toLowerCase().startsWith('python');
}

/** A comm to the kernel side of one kernel. */
export class KernelLink {
  private constructor(
    readonly kernel: Kernel.IKernelConnection,
    private readonly comm: Kernel.IComm
  ) {}

  /**
   * Start the kernel side and open the comm; ``onMessage`` receives every reply.
   * Throws with MISSING when the kernel cannot import mlqa_nb.
   */
  static async open(
    kernel: Kernel.IKernelConnection,
    onMessage: (message: KernelMessage) => void
  ): Promise<KernelLink> {
    const future = kernel.requestExecute({
      code: START,
      silent: true,
      store_history: false,
      stop_on_error: false,
      allow_stdin: false
    });
    let ready: boolean | null = null;
    let failure: string | null = null;
    future.onIOPub = (msg: Messages.IIOPubMessage) => {
      const type = msg.header.msg_type;
      if (type === 'display_data') {
        const data = (msg.content as Messages.IDisplayDataMsg['content']).data;
        if (data && READY_MIME in data) {
          ready = Boolean((data[READY_MIME] as { ready?: boolean }).ready);
        }
      } else if (type === 'error') {
        const content = msg.content as Messages.IErrorMsg['content'];
        failure = `${content.ename}: ${content.evalue}`;
      }
    };
    await future.done;
    if (failure) {
      throw new Error(failure);
    }
    if (!ready) {
      throw new Error(MISSING);
    }
    const comm = kernel.createComm(COMM_TARGET);
    comm.onMsg = (msg: Messages.ICommMsgMsg) => {
      onMessage(msg.content.data as unknown as KernelMessage);
    };
    comm.open({});
    return new KernelLink(kernel, comm);
  }

  /** Send one request; the answer comes to ``onMessage``. */
  send(request: Request): void {
    if (!this.comm.isDisposed) {
      this.comm.send(request as unknown as Record<string, string>);
    }
  }

  get isDisposed(): boolean {
    return this.comm.isDisposed || this.kernel.isDisposed;
  }

  dispose(): void {
    if (!this.comm.isDisposed) {
      this.comm.dispose();
    }
  }
}
