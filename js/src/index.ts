/** The mlqa_nb JupyterLab plugin: a left-sidebar panel watching the active notebook's kernel. */
import {
  ILabShell,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';

import { fetchReport } from './kernel';
import { PanelModel } from './model';
import { QualityPanel } from './panel';

const PLUGIN_ID = 'mlqa-nb:panel';

function reportWidget(name: string, html: string): MainAreaWidget {
  const frame = document.createElement('iframe');
  frame.className = 'mlqa-report-frame';
  frame.setAttribute('sandbox', ''); // static HTML and CSS only: no scripts, no forms
  frame.srcdoc = html;
  const content = new Widget({ node: frame });
  const widget = new MainAreaWidget({ content });
  widget.id = `mlqa-report-${Date.now()}`;
  widget.title.label = `Quality: ${name}`;
  widget.title.closable = true;
  return widget;
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Shows what mlqa_nb finds in the data frames of the active kernel.',
  autoStart: true,
  requires: [INotebookTracker, ILabShell],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, shell: ILabShell) => {
    const model = new PanelModel();
    const panel = new QualityPanel(model, {
      insertProfile: (name: string) => {
        const notebook = tracker.currentWidget?.content;
        if (!notebook) {
          return;
        }
        NotebookActions.insertBelow(notebook);
        const cell = notebook.activeCell;
        if (cell) {
          cell.model.sharedModel.setSource(`%mlqa profile ${name}`);
        }
      },
      openReport: async (index: number, name: string) => {
        const kernel = model.session?.session?.kernel;
        if (!kernel) {
          return;
        }
        const report = await fetchReport(kernel, index);
        if (report) {
          shell.add(reportWidget(report.name, report.html), 'main');
        }
      }
    });
    panel.title.label = 'Quality';
    shell.add(panel, 'left', { rank: 700 });

    tracker.currentChanged.connect((_, current) => {
      model.setSession(current ? current.sessionContext : null);
    });
    model.setSession(tracker.currentWidget?.sessionContext ?? null);
    NotebookActions.executed.connect((_, { notebook }) => {
      if (tracker.currentWidget?.content === notebook) {
        void model.refresh();
      }
    });
  }
};

export default plugin;
