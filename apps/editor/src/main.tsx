import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/pages.css';
import './styles/editor.css';
import './styles/inspector.css';
import './styles/node.css';
import './styles/calls.css';
import './styles/versions.css';
import './styles/test-panel.css';
import './styles/overview.css';
import './styles/auth.css';
import './styles/cel.css';
import './styles/theme-dark.css';
import { App } from './app';
import { initTheme } from './ui/theme';

initTheme();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
