import type { Generated } from 'kysely';

/**
 * The endpoint's tables as the query builder sees them: one interface per table, its columns as
 * both engines hand them back. Written from the migrations (`./migrations`); a column a migration
 * adds is added here. Times are ISO-8601 text and flags 0/1 integers on both engines, so a row reads
 * the same from SQLite and PostgreSQL; JSON is text (parse it with the feature's zod schema).
 */
export interface EndpointSchema {
  instance: { singleton: number; instance_id: string; created_at: string };
  video_devices: {
    id: string;
    company_id: string;
    name: string;
    customer: string;
    notes: string;
    code_sealed: string;
    code_key: string;
    disabled: Generated<number>;
    created_at: string;
    created_by: string;
    /** VS-2: the device's group, which the company's request rules may name. */
    device_group: Generated<string>;
  };
  video_device_assignees: { device_id: string; user_id: string };
  video_sessions: {
    id: string;
    company_id: string;
    device_id: string;
    ticket_id: string | null;
    origin: 'request' | 'direct';
    reason: string;
    status: 'REQUESTED' | 'CONFIRMED' | 'IN_PROGRESS' | 'DONE' | 'CLOSED' | 'CANCELLED';
    calls: Generated<number>;
    created_at: string;
    updated_at: string;
    /** When the session took its current status (the review period runs from DONE). */
    status_at: string;
  };
  video_session_assignees: { session_id: string; user_id: string };
  /** VS-6: a session's screenshots; `document` is the merged Yjs state of their drawings. */
  video_screenshots: {
    id: string;
    session_id: string;
    taken_by_kind: 'employee' | 'code-user';
    taken_by_user: string | null;
    taken_at: string;
    width: number;
    height: number;
    image_type: 'image/png' | 'image/jpeg';
    image: Uint8Array;
    document: Uint8Array;
    updated_at: string;
  };
  video_session_changes: {
    id: Generated<number>;
    session_id: string;
    event: string;
    from_status: string | null;
    to_status: string;
    actor_kind: 'employee' | 'code-user' | 'system';
    actor_user: string | null;
    at: string;
  };
  video_code_user_tokens: { token_hash: string; device_id: string; created_at: string; revoked_at: string | null };
  video_tickets: {
    id: string;
    company_id: string;
    device_id: string;
    title: string;
    status: 'open' | 'closed';
    external_ref: string;
    /** Null: the device's code user opened it. */
    created_by_user: string | null;
    created_at: string;
    updated_at: string;
    closed_at: string | null;
  };
  video_ticket_messages: {
    id: Generated<number>;
    ticket_id: string;
    /** Null: the device's code user wrote it. */
    author_user: string | null;
    body: string;
    created_at: string;
  };
  devices: {
    device_id: string;
    public_key: string;
    platform: string;
    name: string;
    registered_at: string;
    last_seen_at: string | null;
    company_id: string | null;
    managed: Generated<number>;
    joined_at: string | null;
    joined_via: string | null;
    app_version: string | null;
    /** 1: unattended access on (a permanent password is set), 0: off, null: not said yet. */
    unattended: number | null;
  };
  connection_reports: {
    request_id: string;
    method: 'password' | 'code';
    access: 'full' | 'view';
    supporter_device_id: string;
    supporter_name: string;
    supporter_company: string;
    host_device_id: string;
    requested_at: string;
    started_at: string | null;
    ended_at: string | null;
    outcome: Generated<string>;
  };
  companies: {
    id: string;
    name: string;
    created_at: string;
    ai_activated_at: string | null;
    ai_terms_accepted_by: string | null;
    ai_terms_version: string | null;
    outgoing_enabled: Generated<number>;
    outgoing_scope: Generated<'all_company_users' | 'quicksupport_modules'>;
    incoming_enabled: Generated<number>;
    incoming_scope: Generated<'all_company_devices' | 'managed_devices_with_policy'>;
    summary_language: Generated<'en' | 'de'>;
    plan: Generated<'business' | 'premium' | 'corporate' | 'tensor'>;
    help_code_skips_accept: Generated<number>;
    help_session_lifetime_minutes: Generated<number>;
    video_requests: Generated<'none' | 'all' | 'groups'>;
    /** JSON text: the device groups whose code users may request (with `groups`). */
    video_request_groups: Generated<string>;
    video_review_hours: Generated<number>;
    video_stroke_ttl_ms: Generated<number>;
  };
  roles: { id: string; company_id: string; name: string; permissions: string };
  users: {
    id: string;
    company_id: string;
    email: string;
    name: string;
    password_hash: string;
    totp_secret: string | null;
    role_id: string;
    log_sessions: Generated<number>;
    created_at: string;
    disabled_at: string | null;
  };
  auth_sessions: {
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
  };
  policies: {
    id: string;
    company_id: string;
    name: string;
    settings: string;
    version: Generated<number>;
    updated_at: string;
  };
  device_policies: { device_id: string; policy_id: string };
  quicksupport_modules: {
    id: string;
    company_id: string;
    name: string;
    logo: string | null;
    welcome_text: Generated<string>;
    insights_enabled: Generated<number>;
    updated_at: string;
  };
  consent_audit: {
    device_id: string;
    seq: number;
    request_id: string;
    at: string;
    entry: string;
    prev_hash: string;
    hash: string;
  };
  credit_ledger: {
    id: Generated<number>;
    company_id: string;
    at: string;
    kind: 'grant' | 'purchase' | 'reserve' | 'refund' | 'expire';
    amount: number;
    pack_id: string;
    expires_at: string | null;
    session_id: string | null;
  };
  summaries: {
    company_id: string;
    id: string;
    request_id: string;
    version: number;
    created_at: string;
    updated_at: string;
    deleted: Generated<number>;
    fields: string | null;
    change_seq: number;
    updated_by: string | null;
    origin: string | null;
  };
  summary_push_keys: { company_id: string; key: string; result: string };
  api_tokens: {
    id: string;
    company_id: string;
    created_by: string;
    name: string;
    token_hash: string;
    permissions: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
  webhooks: {
    id: string;
    company_id: string;
    url: string;
    secret: string;
    events: string;
    created_at: string;
    deleted_at: string | null;
  };
  connectors: {
    company_id: string;
    kind: 'servicenow' | 'salesforce';
    enabled: number;
    config: string;
    updated_at: string;
  };
  deliveries: {
    id: string;
    company_id: string;
    target: string;
    event: string;
    summary_id: string;
    ticket: string | null;
    payload: string;
    status: 'pending' | 'delivered' | 'failed';
    attempts: Generated<number>;
    next_attempt_at: string;
    last_status: number | null;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  enrollment_tokens: {
    id: string;
    company_id: string;
    name: string;
    token_hash: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    uses: Generated<number>;
    max_uses: number | null;
  };
  update_rollouts: { channel: 'stable' | 'beta'; percentage: number; updated_at: string };
  signaling_secret: { singleton: number; secret: Buffer; created_at: string };
  account_audit: {
    id: Generated<number>;
    company_id: string;
    at: string;
    actor_id: string;
    actor: string;
    action: string;
    target: string;
    detail: string;
  };
  device_request_nonces: { nonce: string; device_id: string; expires_at: number };
  secret_box: { singleton: number; key_check: string; created_at: string };
  identity_key: { singleton: number; public_key: string; private_key: string; created_at: string };
  help_sessions: {
    id: string;
    company_id: string;
    device_id: string;
    code: string;
    opened_at: string;
    expires_at: string;
    last_seen_at: string;
    ack_text_version: string;
    acknowledged_at: string;
    your_name: string | null;
    status: 'active' | 'idle';
    foreground_app: string | null;
    device_name: string;
    os_name: string;
    os_version: string;
    location: string | null;
    tags: string;
    search_text: string;
  };
  help_session_events: {
    id: Generated<number>;
    company_id: string;
    at: string;
    action: string;
    actor_kind: 'device' | 'user';
    actor_id: string;
    actor: string;
    help_session_id: string | null;
    code: string;
    device_id: string | null;
    detail: string;
  };
}
