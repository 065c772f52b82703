-- Indexes for the calls list's filters (flow, flow + version, final status), each ending in the
-- list's order (started_at DESC, id DESC) so a filtered page is one index range scan, no sort.
CREATE INDEX calls_flow_started ON calls (flow_id, started_at DESC, id DESC);
CREATE INDEX calls_flow_version_started ON calls (flow_id, version, started_at DESC, id DESC);
CREATE INDEX calls_status_started ON calls (status, started_at DESC, id DESC);
