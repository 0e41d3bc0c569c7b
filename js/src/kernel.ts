/**
 * The one module that talks to the kernel. It runs fixed snippets of Python
 * that call mlqa_nb._frontends.lab; no user string is ever put into code (a frame is
 * named by its position in the last listing, an integer).
 */
import { KernelMessage, Kernel } from '@jupyterlab/services';

import { IPanelState, IReport, REPORT_MIME, STATE_MIME } from './tokens';

const MISSING =
  'mlqa_nb is not installed in this kernel: run pip install mlqa_nb in its environment.';

function snippet(call: string): string {
  return [
    'def __mlqa_panel():',
    '    try:',
    '        lab = __import__("mlqa_nb._frontends.lab", fromlist=["show_state"])',
    '    except ImportError:',
    '        from IPython.display import display',
    `        display({"${STATE_MIME}": {"frames": [], "error": "${MISSING}"}}, raw=True)`,
    '        return',
    `    lab.${call}`,
    '__mlqa_panel()',
    'del __mlqa_panel'
  ].join('\n');
}

async function run<T>(
  kernel: Kernel.IKernelConnection,
  code: string,
  mime: string
): Promise<T | null> {
  const future = kernel.requestExecute({
    code,
    silent: true,
    store_history: false,
    stop_on_error: false,
    allow_stdin: false
  });
  let result: T | null = null;
  let failure: string | null = null;
  future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
    const type = msg.header.msg_type;
    if (type === 'display_data' || type === 'execute_result') {
      const data = (msg.content as KernelMessage.IDisplayDataMsg['content']).data;
      if (data && mime in data) {
        result = data[mime] as unknown as T;
      }
    } else if (type === 'error') {
      const content = msg.content as KernelMessage.IErrorMsg['content'];
      failure = `${content.ename}: ${content.evalue}`;
    }
  };
  await future.done;
  if (failure) {
    throw new Error(failure);
  }
  return result;
}

/** The frames of the kernel with their finding counts. */
export async function fetchState(
  kernel: Kernel.IKernelConnection
): Promise<IPanelState> {
  const state = await run<IPanelState>(kernel, snippet('show_state()'), STATE_MIME);
  return state ?? { frames: [], error: 'The kernel sent no answer.' };
}

/** The full report of the frame at ``index`` in the last listing. */
export async function fetchReport(
  kernel: Kernel.IKernelConnection,
  index: number
): Promise<IReport | null> {
  if (!Number.isInteger(index) || index < 0) {
    throw new Error(`invalid frame index ${index}`);
  }
  return run<IReport>(kernel, snippet(`show_report(${index})`), REPORT_MIME);
}

/** Whether the kernel runs Python (others cannot run mlqa_nb). */
export async function isPython(kernel: Kernel.IKernelConnection): Promise<boolean> {
  const spec = await kernel.spec;
  const language = spec?.language ?? (await kernel.info).language_info.name;
  return (language || '').toLowerCase().startsWith('python');
}
