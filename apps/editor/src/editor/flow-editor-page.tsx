// /flows/:id — loads the flow, then hands it to the editor (keyed by id, so switching flows
// starts from a fresh store).
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import { useRequest } from '../api/use-request';
import { EmptyState, ErrorBox, Loading } from '../ui/status';
import { FlowEditor } from './flow-editor';

export function FlowEditorPage() {
  const id = useParams()['id'] ?? '';
  const flow = useRequest((signal) => api.getFlow(id, signal), [id]);

  if (flow.error instanceof ApiError && flow.error.code === 'FLOW_NOT_FOUND')
    return (
      <div className="page">
        <EmptyState title="No such flow" testId="flow-not-found">
          <p>
            There is no flow with the id <code>{id}</code>. <Link to="/">Back to the flows</Link>.
          </p>
        </EmptyState>
      </div>
    );
  if (flow.error !== undefined)
    return (
      <div className="page">
        <ErrorBox error={flow.error} onRetry={flow.reload} />
      </div>
    );
  if (!flow.data || flow.data.flow.id !== id)
    return (
      <div className="page">
        <Loading what="the flow" />
      </div>
    );
  return <FlowEditor key={id} loaded={flow.data} />;
}
