// Routes of the editor. A data router, because the unsaved-changes guard needs useBlocker.
import { createBrowserRouter, Link, RouterProvider, useRouteError } from 'react-router-dom';
import { CallList } from './calls/call-list';
import { CallView } from './calls/call-view';
import { FlowEditorPage } from './editor/flow-editor-page';
import { FlowList } from './flows/flow-list';
import { OverviewPage } from './overview/overview-page';
import { VersionsPage } from './versions/versions-page';
import { TokensPage } from './auth/tokens-page';
import { AppShell } from './layout/app-shell';
import { EmptyState, ErrorBox } from './ui/status';

const router = createBrowserRouter([
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <FlowList /> },
      { path: 'flows/:id', element: <FlowEditorPage /> },
      { path: 'flows/:id/versions', element: <VersionsPage /> },
      { path: 'calls', element: <CallList /> },
      { path: 'overview', element: <OverviewPage /> },
      { path: 'calls/:callId', element: <CallView /> },
      { path: 'settings/tokens', element: <TokensPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}

function NotFound() {
  return (
    <div className="page">
      <EmptyState title="Nothing here">
        <p>
          This address is not a page of Patchbay. <Link to="/">Go to the flows</Link>.
        </p>
      </EmptyState>
    </div>
  );
}

function RouteError() {
  return (
    <div className="page">
      <ErrorBox error={useRouteError()}>
        <Link to="/">Back to the flows</Link>
      </ErrorBox>
    </div>
  );
}
