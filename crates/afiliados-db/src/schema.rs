// @generated automatically by Diesel CLI.

diesel::table! {
    audit_log (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        occurred_at -> Timestamptz,
        actor_type -> Text,
        actor_user_id -> Nullable<Uuid>,
        actor_label -> Text,
        actor_roles -> Array<Text>,
        action -> Text,
        entity_type -> Nullable<Text>,
        entity_id -> Nullable<Text>,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
        ip -> Nullable<Inet>,
        user_agent -> Nullable<Text>,
        request_id -> Nullable<Text>,
        trace_id -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    auth_sessions (id) {
        id -> Uuid,
        user_id -> Uuid,
        ip -> Nullable<Inet>,
        user_agent -> Nullable<Text>,
        expires_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
        revoke_reason -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    brands (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        name -> Text,
        slug -> Text,
        coupon_prefix -> Text,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        recipient -> Text,
        recipient_user_id -> Nullable<Uuid>,
        template -> Text,
        locale -> Text,
        payload -> Jsonb,
        status -> Text,
        delivered -> Bool,
        attempts -> Int4,
        max_attempts -> Int4,
        next_attempt_at -> Nullable<Timestamptz>,
        claimed_until -> Nullable<Timestamptz>,
        last_error -> Nullable<Text>,
        sent_at -> Nullable<Timestamptz>,
        message_id -> Nullable<Text>,
        alert_group -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    job_outbox (id) {
        id -> Uuid,
        job_type -> Text,
        payload -> Jsonb,
        dispatched_at -> Nullable<Timestamptz>,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    login_attempts (email) {
        email -> Text,
        failed_count -> Int4,
        locked_until -> Nullable<Timestamptz>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    notifications (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        user_id -> Uuid,
        #[sql_name = "type"]
        type_ -> Text,
        severity -> Text,
        payload -> Jsonb,
        operational -> Bool,
        read_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    password_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        purpose -> Text,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    policy_versions (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        policy_type -> Text,
        version -> Text,
        version_major -> Int4,
        version_minor -> Int4,
        title -> Text,
        document_text -> Text,
        document_url -> Text,
        checksum -> Bpchar,
        published_at -> Timestamptz,
        is_active -> Bool,
        published_by -> Nullable<Uuid>,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        session_id -> Uuid,
        token_hash -> Bytea,
        issued_at -> Timestamptz,
        expires_at -> Timestamptz,
        rotated_at -> Nullable<Timestamptz>,
        replaced_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    status_history (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        entity_type -> Text,
        entity_id -> Uuid,
        from_status -> Nullable<Text>,
        to_status -> Text,
        reason -> Nullable<Text>,
        actor -> Text,
        occurred_at -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    tenants (id) {
        id -> Uuid,
        slug -> Text,
        name -> Text,
        timezone -> Text,
        default_currency -> Bpchar,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_brands (id) {
        id -> Uuid,
        user_id -> Uuid,
        brand_id -> Uuid,
        granted_by -> Nullable<Uuid>,
        granted_at -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_recovery_codes (id) {
        id -> Uuid,
        user_id -> Uuid,
        code_hash -> Bytea,
        used_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_roles (id) {
        id -> Uuid,
        user_id -> Uuid,
        role -> Text,
        granted_by -> Nullable<Uuid>,
        granted_at -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    user_totp (user_id) {
        user_id -> Uuid,
        secret_ciphertext -> Bytea,
        key_id -> Text,
        status -> Text,
        confirmed_at -> Nullable<Timestamptz>,
        last_used_step -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        email -> Text,
        first_name -> Text,
        last_name -> Text,
        password_hash -> Nullable<Text>,
        status -> Text,
        status_reason -> Nullable<Text>,
        locale -> Text,
        last_login_at -> Nullable<Timestamptz>,
        password_changed_at -> Nullable<Timestamptz>,
        failed_login_count -> Int4,
        locked_until -> Nullable<Timestamptz>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::joinable!(audit_log -> tenants (tenant_id));
diesel::joinable!(auth_sessions -> users (user_id));
diesel::joinable!(brands -> tenants (tenant_id));
diesel::joinable!(email_outbox -> tenants (tenant_id));
diesel::joinable!(notifications -> tenants (tenant_id));
diesel::joinable!(password_tokens -> users (user_id));
diesel::joinable!(policy_versions -> tenants (tenant_id));
diesel::joinable!(refresh_tokens -> auth_sessions (session_id));
diesel::joinable!(status_history -> tenants (tenant_id));
diesel::joinable!(user_brands -> brands (brand_id));
diesel::joinable!(user_recovery_codes -> users (user_id));
diesel::joinable!(user_totp -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    audit_log,
    auth_sessions,
    brands,
    email_outbox,
    job_outbox,
    login_attempts,
    notifications,
    password_tokens,
    policy_versions,
    refresh_tokens,
    status_history,
    tenants,
    user_brands,
    user_recovery_codes,
    user_roles,
    user_totp,
    users,
);
