/** The mlqa_nb JupyterLab plugin: a left-sidebar panel watching the active notebook's kernel. */
import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IThemeManager, MainAreaWidget } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Kernel } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Widget } from '@lumino/widgets';

import { PanelModel } from './model';
import { QualityPanel } from './panel';

const PLUGIN_ID = 'mlqa-nb:panel';
/** The comm target through which the kernel (mq.explore's "Insert the fix below") adds a cell. */
const INSERT_TARGET = 'mlqa_nb.insert';

/**
 * Put ``source`` in a new code cell below the active cell of ``panel`` (or in the active
 * cell when it is an empty code cell, as the one Shift+Enter leaves below the last
 * cell) and give the notebook the keyboard.
 */
function insertBelow(panel: NotebookPanel, source: string, shell: ILabShell): void {
  const notebook = panel.content;
  const active = notebook.activeCell;
  if (!active || active.model.type !== 'code' || active.model.sharedModel.getSource().trim() !== '') {
    NotebookActions.insertBelow(notebook);
  }
  notebook.activeCell?.model.sharedModel.setSource(source);
  notebook.mode = 'command';
  shell.activateById(panel.id);
  notebook.activate();
}

/** Let the kernel of ``panel`` insert cells below the active one (each kernel once). */
function acceptInserts(panel: NotebookPanel, shell: ILabShell, seen: WeakSet<Kernel.IKernelConnection>): void {
  const register = () => {
    const kernel = panel.sessionContext.session?.kernel;
    if (!kernel || seen.has(kernel)) {
      return;
    }
    seen.add(kernel);
    kernel.registerCommTarget(INSERT_TARGET, (comm, msg) => {
      const code = (msg.content.data as { code?: unknown }).code;
      if (typeof code === 'string' && !panel.isDisposed) {
        insertBelow(panel, code, shell);
      }
      comm.close();
    });
  };
  register();
  panel.sessionContext.kernelChanged.connect(register);
}

function isDark(themes: IThemeManager | null): boolean {
  if (themes && themes.theme) {
    return !themes.isLight(themes.theme);
  }
  return document.body.dataset.jpThemeLight === 'false';
}

/** The report page with its colours following JupyterLab's theme. */
function themed(html: string, dark: boolean): string {
  return html.replace(/<html([^>]*)>/i, `<html$1 data-theme="${dark ? 'dark' : 'light'}">`);
}

function reportWidget(name: string, html: string, themes: IThemeManager | null): MainAreaWidget {
  const frame = document.createElement('iframe');
  frame.className = 'mlqa-report-frame';
  frame.setAttribute('sandbox', ''); // static HTML and CSS only: no scripts, no forms
  frame.srcdoc = themed(html, isDark(themes));
  const content = new Widget({ node: frame });
  const widget = new MainAreaWidget({ content });
  widget.id = `mlqa-report-${Date.now()}`;
  widget.title.label = `Quality: ${name}`;
  widget.title.closable = true;
  const follow = () => {
    frame.srcdoc = themed(html, isDark(themes));
  };
  themes?.themeChanged.connect(follow);
  widget.disposed.connect(() => themes?.themeChanged.disconnect(follow));
  return widget;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Shows what mlqa_nb finds in the data frames of the active kernel.',
  autoStart: true,
  requires: [INotebookTracker, ILabShell],
  optional: [ISettingRegistry, IThemeManager],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    shell: ILabShell,
    settings: ISettingRegistry | null,
    themes: IThemeManager | null
  ) => {
    const model = new PanelModel();
    const panel = new QualityPanel(model, {
      insertProfile: (name: string) => {
        const current = tracker.currentWidget;
        if (current) {
          // the keyboard goes to the notebook, so that Shift+Enter runs the new cell
          const load = model.magicsLoaded ? '' : '%load_ext mlqa_nb\n';
          insertBelow(current, `${load}%mlqa profile ${name}`, shell);
        }
      },
      openReport: async (name: string) => {
        const report = await model.report(name);
        if (report) {
          shell.add(reportWidget(report.name, report.html, themes), 'main');
        }
      }
    });
    panel.title.label = 'Quality';
    shell.add(panel, 'left', { rank: 700 });

    if (settings) {
      void settings.load(PLUGIN_ID).then(loaded => {
        const apply = () => {
          model.autoRefresh = loaded.get('autoRefresh').composite !== false;
        };
        apply();
        loaded.changed.connect(apply);
      });
    }

    const seen = new WeakSet<Kernel.IKernelConnection>();
    tracker.widgetAdded.connect((_, panel) => acceptInserts(panel, shell, seen));
    tracker.forEach(panel => acceptInserts(panel, shell, seen));

    tracker.currentChanged.connect((_, current) => {
      model.setSession(current ? current.sessionContext : null);
    });
    model.setSession(tracker.currentWidget?.sessionContext ?? null);
    NotebookActions.executed.connect((_, { notebook }) => {
      if (tracker.currentWidget?.content === notebook) {
        model.cellExecuted();
      }
    });
  }
};

export default plugin;
