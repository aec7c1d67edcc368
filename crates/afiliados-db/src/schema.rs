// @generated automatically by Diesel CLI.

diesel::table! {
    adjustments (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        kind -> Text,
        amount -> Numeric,
        currency -> Bpchar,
        status -> Text,
        resolution_type -> Nullable<Text>,
        recovery_method -> Nullable<Text>,
        recovery_reference -> Nullable<Text>,
        reason -> Text,
        commission_id -> Nullable<Uuid>,
        order_id -> Nullable<Uuid>,
        reconciliation_id -> Nullable<Uuid>,
        created_by -> Text,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamptz>,
        resolution_notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    arco_requests (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        #[sql_name = "type"]
        type_ -> Text,
        status -> Text,
        requested_by -> Nullable<Uuid>,
        channel -> Text,
        details -> Jsonb,
        due_at -> Timestamptz,
        started_by -> Nullable<Uuid>,
        started_at -> Nullable<Timestamptz>,
        resolved_by -> Nullable<Uuid>,
        resolved_at -> Nullable<Timestamptz>,
        resolution_notes -> Nullable<Text>,
        export_document_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        due_soon_notified_at -> Nullable<Timestamptz>,
    }
}

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
    bank_account_changes (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        requested_by -> Uuid,
        requested_by_email -> Text,
        requested_at -> Timestamptz,
        removes_account -> Bool,
        bank_account_ciphertext -> Nullable<Bytea>,
        bank_account_last4 -> Nullable<Text>,
        bank_account_type -> Nullable<Text>,
        bank_name -> Nullable<Text>,
        status -> Text,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    brand_withdrawal_policies (id) {
        id -> Uuid,
        brand_id -> Uuid,
        minimum_amount -> Numeric,
        currency -> Bpchar,
        hold_days -> Int4,
        updated_by -> Nullable<Uuid>,
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
        vtex_brand_id -> Nullable<Text>,
        description -> Nullable<Text>,
        logo_document_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    campaign_influencers (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        campaign_id -> Uuid,
        influencer_id -> Uuid,
        status -> Text,
        assigned_by -> Nullable<Uuid>,
        assigned_at -> Timestamptz,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    campaign_promotions (id) {
        id -> Uuid,
        campaign_id -> Uuid,
        discount_percent -> Numeric,
        utm_campaign -> Text,
        vtex_promotion_id -> Nullable<Text>,
        sync_revision -> Int4,
        synced_revision -> Nullable<Int4>,
        last_synced_at -> Nullable<Timestamptz>,
        last_sync_error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    campaign_tiers (id) {
        id -> Uuid,
        campaign_id -> Uuid,
        name -> Text,
        level -> Int4,
        threshold -> Numeric,
        commission_percent -> Numeric,
        is_default -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        brand_id -> Uuid,
        name -> Text,
        slug -> Text,
        description -> Nullable<Text>,
        start_date -> Date,
        end_date -> Nullable<Date>,
        status -> Text,
        base_commission_percent -> Numeric,
        commission_basis -> Text,
        include_shipping -> Bool,
        max_discount_percent -> Numeric,
        max_usage -> Nullable<Int4>,
        min_order_value -> Nullable<Numeric>,
        confirmation_window_days -> Int4,
        tier_evaluation_period_days -> Int4,
        eligible_scope_type -> Text,
        eligible_scope_values -> Array<Text>,
        stacking_rules -> Jsonb,
        version -> Int4,
        next_tier_evaluation_on -> Nullable<Date>,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    commission_lines (id) {
        id -> Uuid,
        commission_id -> Uuid,
        order_line_id -> Uuid,
        eligible_amount -> Numeric,
        commission_amount -> Numeric,
        removed_quantity -> Int4,
        returned_quantity -> Int4,
        reverted_quantity -> Int4,
        reverted_amount -> Numeric,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    commission_transitions (id) {
        id -> Uuid,
        commission_id -> Uuid,
        from_state -> Nullable<Text>,
        to_state -> Text,
        amount -> Numeric,
        kind -> Text,
        reason -> Nullable<Text>,
        triggered_by -> Text,
        context -> Jsonb,
        occurred_at -> Timestamptz,
    }
}

diesel::table! {
    dashboard_confirmed_days (influencer_id, brand_id, day) {
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        day -> Date,
        confirmed -> Numeric,
    }
}

diesel::table! {
    dashboard_months (influencer_id, brand_id, month) {
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        month -> Date,
        confirmed -> Numeric,
        eligible_sales -> Numeric,
    }
}

diesel::table! {
    dashboard_totals (influencer_id, brand_id) {
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        estimated -> Numeric,
        confirmed -> Numeric,
        reverted -> Numeric,
        eligible_sales -> Numeric,
        attributed_orders -> Int8,
    }
}

diesel::table! {
    commissions (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        order_id -> Uuid,
        influencer_id -> Uuid,
        campaign_id -> Uuid,
        brand_id -> Uuid,
        discount_code_id -> Uuid,
        state -> Text,
        commission_rate -> Numeric,
        tier_id -> Nullable<Uuid>,
        tier_level -> Int4,
        tier_name -> Text,
        campaign_version -> Int4,
        rule_snapshot -> Jsonb,
        eligible_amount -> Numeric,
        commission_amount -> Numeric,
        reverted_amount -> Numeric,
        net_amount -> Nullable<Numeric>,
        on_hold -> Bool,
        hold_reason -> Nullable<Text>,
        held_at -> Nullable<Timestamptz>,
        held_by -> Nullable<Text>,
        estimated_at -> Timestamptz,
        confirmation_due_at -> Nullable<Timestamptz>,
        confirmed_at -> Nullable<Timestamptz>,
        reverted_at -> Nullable<Timestamptz>,
        reversal_reason -> Nullable<Text>,
        settlement_run_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    consent_certificates (id) {
        id -> Uuid,
        consent_id -> Uuid,
        issued_at -> Timestamptz,
        payload -> Jsonb,
        checksum -> Bpchar,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    consents (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        policy_version_id -> Uuid,
        accepted_at -> Timestamptz,
        ip -> Nullable<Inet>,
        user_agent -> Nullable<Text>,
        consent_hash -> Bpchar,
        channel -> Text,
        recorded_by -> Nullable<Uuid>,
        revoked_at -> Nullable<Timestamptz>,
        revoked_by_arco_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    discount_codes (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        campaign_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        code -> Text,
        custom -> Bool,
        discount_percent -> Numeric,
        starts_on -> Nullable<Date>,
        ends_on -> Nullable<Date>,
        max_uses -> Nullable<Int4>,
        max_uses_per_customer -> Nullable<Int4>,
        usage_count -> Int4,
        enabled -> Bool,
        disabled_at -> Nullable<Timestamptz>,
        disabled_reason -> Nullable<Text>,
        status -> Text,
        vtex_coupon_id -> Nullable<Text>,
        vtex_archived -> Nullable<Bool>,
        sync_revision -> Int4,
        synced_revision -> Nullable<Int4>,
        sync_state -> Text,
        last_synced_at -> Nullable<Timestamptz>,
        last_sync_error -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    documents (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        owner_type -> Text,
        owner_id -> Uuid,
        kind -> Text,
        filename -> Text,
        content_type -> Text,
        size_bytes -> Int8,
        sha256 -> Bpchar,
        storage_key -> Text,
        encryption_key_id -> Nullable<Text>,
        uploaded_by -> Text,
        notes -> Nullable<Text>,
        purged_at -> Nullable<Timestamptz>,
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
    idempotency_keys (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        user_id -> Uuid,
        key -> Text,
        route -> Text,
        #[max_length = 64]
        request_sha256 -> Bpchar,
        response_status -> Nullable<Int4>,
        response_body -> Nullable<Jsonb>,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    influencer_balance (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        currency -> Bpchar,
        estimated -> Numeric,
        confirmed -> Numeric,
        reverted -> Numeric,
        pending_withdrawal -> Numeric,
        withdrawn -> Numeric,
        pending_adjustments -> Numeric,
        available -> Numeric,
        last_entry_seq -> Nullable<Int8>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    influencers (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        user_id -> Nullable<Uuid>,
        first_name -> Text,
        last_name -> Text,
        document_type -> Text,
        document_number -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        address -> Nullable<Text>,
        city -> Nullable<Text>,
        department -> Nullable<Text>,
        country -> Bpchar,
        social_links -> Array<Text>,
        tax_profile_id -> Nullable<Uuid>,
        bank_account_ciphertext -> Nullable<Bytea>,
        bank_account_last4 -> Nullable<Bpchar>,
        bank_account_type -> Nullable<Text>,
        bank_name -> Nullable<Text>,
        status -> Text,
        status_reason -> Nullable<Text>,
        approved_at -> Nullable<Timestamptz>,
        marketing_opt_in -> Bool,
        anonymized_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
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
    job_runs (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        job_name -> Text,
        scheduled_at -> Timestamptz,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        status -> Text,
        duration_ms -> Nullable<Int4>,
        error -> Nullable<Text>,
        details -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    ledger_entries (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        seq -> Int8,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        entry_type -> Text,
        amount -> Numeric,
        d_estimated -> Numeric,
        d_confirmed -> Numeric,
        d_reverted -> Numeric,
        d_pending_withdrawal -> Numeric,
        d_withdrawn -> Numeric,
        d_pending_adjustments -> Numeric,
        available_after -> Numeric,
        commission_id -> Nullable<Uuid>,
        withdrawal_id -> Nullable<Uuid>,
        payment_id -> Nullable<Uuid>,
        adjustment_id -> Nullable<Uuid>,
        settlement_run_id -> Nullable<Uuid>,
        reconciliation_id -> Nullable<Uuid>,
        description -> Text,
        created_by -> Text,
        created_at -> Timestamptz,
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
        alert_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    login_challenges (id) {
        id -> Uuid,
        user_id -> Uuid,
        token_hash -> Bytea,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    order_lines (id) {
        id -> Uuid,
        order_id -> Uuid,
        line_index -> Int4,
        sku_id -> Text,
        product_id -> Text,
        ref_id -> Nullable<Text>,
        name -> Text,
        vtex_brand_id -> Nullable<Text>,
        brand_name -> Nullable<Text>,
        category_path -> Array<Text>,
        category_id -> Nullable<Text>,
        quantity -> Int4,
        removed_quantity -> Int4,
        returned_quantity -> Int4,
        unit_price -> Numeric,
        list_price -> Numeric,
        selling_price -> Numeric,
        line_gross -> Numeric,
        line_discount -> Numeric,
        line_net -> Numeric,
        line_tax -> Numeric,
        shipping_share -> Numeric,
        is_gift -> Bool,
        promotion_ids -> Array<Text>,
        eligible -> Bool,
        ineligibility_reason -> Nullable<Text>,
        eligible_amount -> Numeric,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    order_status_history (id) {
        id -> Uuid,
        order_id -> Uuid,
        from_status -> Nullable<Text>,
        to_status -> Text,
        vtex_status -> Text,
        changed_at -> Timestamptz,
        source -> Text,
        delivery_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    orders (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        vtex_order_id -> Text,
        sequence -> Nullable<Text>,
        status -> Text,
        vtex_status -> Text,
        status_unmapped -> Bool,
        placed_at -> Timestamptz,
        paid_at -> Nullable<Timestamptz>,
        invoiced_at -> Nullable<Timestamptz>,
        shipped_at -> Nullable<Timestamptz>,
        canceled_at -> Nullable<Timestamptz>,
        returned_at -> Nullable<Timestamptz>,
        currency -> Bpchar,
        items_total -> Numeric,
        discounts_total -> Numeric,
        shipping_total -> Numeric,
        tax_total -> Numeric,
        total_value -> Numeric,
        net_items_total -> Numeric,
        eligible_total -> Numeric,
        coupon_code -> Nullable<Text>,
        coupon_code_normalized -> Nullable<Text>,
        discount_code_id -> Nullable<Uuid>,
        brand_id -> Nullable<Uuid>,
        influencer_id -> Nullable<Uuid>,
        campaign_id -> Nullable<Uuid>,
        attributed -> Bool,
        non_attribution_reason -> Nullable<Text>,
        customer_email_hash -> Nullable<Bpchar>,
        customer_document_hash -> Nullable<Bpchar>,
        self_referral -> Bool,
        vtex_last_change -> Timestamptz,
        ingest_count -> Int4,
        last_ingested_at -> Timestamptz,
        last_source -> Text,
        warnings -> Array<Text>,
        document_json -> Jsonb,
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
    payments (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        withdrawal_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        gross_amount -> Numeric,
        withholding_rate -> Numeric,
        tax_withheld -> Numeric,
        net_amount -> Numeric,
        tax_profile_code -> Nullable<Text>,
        #[max_length = 3]
        currency -> Bpchar,
        method -> Text,
        reference -> Text,
        payment_date -> Date,
        paid_by -> Uuid,
        batch_id -> Nullable<Uuid>,
        notes -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    payout_batches (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        brand_id -> Nullable<Uuid>,
        status -> Text,
        created_by -> Uuid,
        withdrawal_count -> Int4,
        total_gross -> Numeric,
        total_withheld -> Numeric,
        total_net -> Numeric,
        csv_document_id -> Nullable<Uuid>,
        paid_at -> Nullable<Timestamptz>,
        paid_by -> Nullable<Uuid>,
        cancelled_at -> Nullable<Timestamptz>,
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
    scheduled_jobs (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        name -> Text,
        schedule -> Nullable<Text>,
        status -> Text,
        last_run_at -> Nullable<Timestamptz>,
        last_duration_ms -> Nullable<Int4>,
        last_error -> Nullable<Text>,
        next_run_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    settlement_run_items (run_id, list, commission_id) {
        run_id -> Uuid,
        list -> Text,
        commission_id -> Uuid,
        vtex_order_id -> Text,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        campaign_id -> Uuid,
        previous_state -> Text,
        next_state -> Text,
        amount -> Numeric,
        effective_at -> Nullable<Timestamptz>,
        reason -> Nullable<Text>,
        due_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    settlement_runs (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        evaluation_at -> Timestamptz,
        waiting_period_days_override -> Nullable<Int4>,
        dry_run -> Bool,
        source -> Text,
        triggered_by -> Text,
        status -> Text,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        confirmed_count -> Int4,
        confirmed_amount -> Numeric,
        reverted_count -> Int4,
        reverted_amount -> Numeric,
        pending_count -> Int4,
        pending_amount -> Numeric,
        report -> Jsonb,
        report_document_id -> Nullable<Uuid>,
        error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    sign_in_failure_tallies (tenant_id, day) {
        tenant_id -> Uuid,
        day -> Date,
        itemized -> Int4,
        failures -> Int4,
        locks -> Int4,
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
    tax_profiles (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        code -> Text,
        name -> Text,
        withholding_rate -> Numeric,
        threshold_amount -> Numeric,
        active -> Bool,
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
        default_tax_profile_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    tier_assignments (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        campaign_id -> Uuid,
        influencer_id -> Uuid,
        tier_id -> Nullable<Uuid>,
        tier_level -> Int4,
        since -> Timestamptz,
        last_evaluated_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    tier_evaluations (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        campaign_id -> Uuid,
        evaluation_at -> Timestamptz,
        window_start -> Nullable<Timestamptz>,
        window_end -> Nullable<Timestamptz>,
        triggered_by -> Text,
        evaluated_count -> Int4,
        changed_count -> Int4,
        dry_run -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    tier_history (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        campaign_id -> Uuid,
        influencer_id -> Uuid,
        tier_id -> Nullable<Uuid>,
        tier_level -> Int4,
        tier_name -> Text,
        commission_percent -> Numeric,
        effective_from -> Timestamptz,
        effective_to -> Nullable<Timestamptz>,
        window_start -> Nullable<Timestamptz>,
        window_end -> Nullable<Timestamptz>,
        sales_volume -> Nullable<Numeric>,
        reason -> Text,
        evaluation_id -> Nullable<Uuid>,
        triggered_by -> Text,
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

diesel::table! {
    webhook_delivery_log (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        received_at -> Timestamptz,
        kind -> Text,
        vtex_order_id -> Nullable<Text>,
        vtex_state -> Nullable<Text>,
        vtex_last_state -> Nullable<Text>,
        last_change -> Nullable<Timestamptz>,
        current_change -> Nullable<Timestamptz>,
        origin_account -> Nullable<Text>,
        origin_key -> Nullable<Text>,
        domain -> Nullable<Text>,
        idempotency_key -> Nullable<Text>,
        duplicate_of -> Nullable<Uuid>,
        verification -> Text,
        verification_error -> Nullable<Text>,
        status -> Text,
        attempts -> Int4,
        last_attempt_at -> Nullable<Timestamptz>,
        processed_at -> Nullable<Timestamptz>,
        error -> Nullable<Text>,
        response_code -> Int4,
        payload -> Nullable<Jsonb>,
        payload_ciphertext -> Nullable<Bytea>,
        payload_sha256 -> Bpchar,
        payload_size -> Int4,
        source_ip -> Nullable<Inet>,
        headers -> Jsonb,
        order_id -> Nullable<Uuid>,
        payload_purged_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    withdrawal_events (id) {
        id -> Uuid,
        withdrawal_id -> Uuid,
        action -> Text,
        actor -> Text,
        notes -> Nullable<Text>,
        occurred_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    withdrawal_requests (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        influencer_id -> Uuid,
        brand_id -> Uuid,
        amount -> Numeric,
        #[max_length = 3]
        currency -> Bpchar,
        status -> Text,
        requested_by -> Uuid,
        requested_at -> Timestamptz,
        notes -> Nullable<Text>,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        decision_notes -> Nullable<Text>,
        rejection_reason -> Nullable<Text>,
        payable_from -> Nullable<Timestamptz>,
        batch_id -> Nullable<Uuid>,
        payment_id -> Nullable<Uuid>,
        paid_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    reconciliation_runs (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        #[sql_name = "type"]
        type_ -> Text,
        source -> Text,
        business_date -> Nullable<Date>,
        range_from -> Timestamptz,
        range_to -> Timestamptz,
        status -> Text,
        triggered_by -> Text,
        started_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        tolerance_percent -> Numeric,
        vtex_orders_count -> Int4,
        platform_orders_count -> Int4,
        pages_fetched -> Int4,
        class_a_count -> Int4,
        class_b_count -> Int4,
        class_c_count -> Int4,
        class_d_count -> Int4,
        class_e_count -> Int4,
        discrepancies_found -> Int4,
        auto_resolved_count -> Int4,
        pending_manual_count -> Int4,
        auto_reconciled_ratio -> Nullable<Numeric>,
        summary -> Nullable<Jsonb>,
        alerts -> Array<Text>,
        report_url -> Nullable<Text>,
        report_json_document_id -> Nullable<Uuid>,
        report_csv_document_id -> Nullable<Uuid>,
        error -> Nullable<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    reconciliation_vtex_orders (run_id, vtex_order_id) {
        run_id -> Uuid,
        vtex_order_id -> Text,
        chunk -> Int4,
        vtex_status -> Text,
        total_value -> Numeric,
        currency -> Bpchar,
        creation_date -> Timestamptz,
        last_change -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    reconciliation_discrepancies (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        vtex_order_id -> Text,
        order_id -> Nullable<Uuid>,
        class -> Bpchar,
        first_run_id -> Uuid,
        last_run_id -> Uuid,
        occurrences -> Int4,
        first_detected_at -> Timestamptz,
        details -> Jsonb,
        brand_id -> Nullable<Uuid>,
        influencer_id -> Nullable<Uuid>,
        status -> Text,
        auto_resolvable -> Bool,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        resolution -> Nullable<Text>,
        resolved_by -> Nullable<Text>,
        resolved_at -> Nullable<Timestamptz>,
        justification -> Nullable<Text>,
        escalated_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    alerts (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        alert_type -> Text,
        severity -> Text,
        dedup_key -> Text,
        message -> Text,
        details -> Jsonb,
        raised_at -> Timestamptz,
        raise_count -> Int4,
        last_raised_at -> Timestamptz,
        acknowledged_at -> Nullable<Timestamptz>,
        acknowledged_by -> Nullable<Uuid>,
        emailed -> Bool,
        created_at -> Timestamptz,
        last_emailed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    surveys (id) {
        id -> Uuid,
        tenant_id -> Uuid,
        title -> Text,
        questions -> Jsonb,
        target_roles -> Array<Text>,
        opens_at -> Timestamptz,
        closes_at -> Timestamptz,
        status -> Text,
        created_by -> Uuid,
        opened_at -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    survey_responses (id) {
        id -> Uuid,
        survey_id -> Uuid,
        user_id -> Uuid,
        respondent_roles -> Array<Text>,
        answers -> Jsonb,
        submitted_at -> Timestamptz,
    }
}

diesel::table! {
    backup_snapshots (id) {
        id -> Uuid,
        storage_key -> Text,
        created_at -> Timestamptz,
        size_bytes -> Int8,
        sha256 -> Bpchar,
        db_version -> Text,
        encryption_key_id -> Text,
        retention_tier -> Text,
        expires_at -> Timestamptz,
        pruned_at -> Nullable<Timestamptz>,
        reported_at -> Timestamptz,
    }
}

diesel::table! {
    jwt_signing_keys (kid) {
        kid -> Text,
        first_signed_at -> Timestamptz,
        last_started_at -> Timestamptz,
    }
}

diesel::joinable!(adjustments -> brands (brand_id));
diesel::joinable!(adjustments -> commissions (commission_id));
diesel::joinable!(adjustments -> influencers (influencer_id));
diesel::joinable!(adjustments -> orders (order_id));
diesel::joinable!(adjustments -> tenants (tenant_id));
diesel::joinable!(arco_requests -> documents (export_document_id));
diesel::joinable!(arco_requests -> influencers (influencer_id));
diesel::joinable!(arco_requests -> tenants (tenant_id));
diesel::joinable!(audit_log -> tenants (tenant_id));
diesel::joinable!(auth_sessions -> users (user_id));
diesel::joinable!(bank_account_changes -> influencers (influencer_id));
diesel::joinable!(bank_account_changes -> tenants (tenant_id));
diesel::joinable!(brand_withdrawal_policies -> brands (brand_id));
diesel::joinable!(brand_withdrawal_policies -> users (updated_by));
diesel::joinable!(brands -> documents (logo_document_id));
diesel::joinable!(brands -> tenants (tenant_id));
diesel::joinable!(campaign_influencers -> campaigns (campaign_id));
diesel::joinable!(campaign_influencers -> influencers (influencer_id));
diesel::joinable!(campaign_influencers -> tenants (tenant_id));
diesel::joinable!(campaign_influencers -> users (assigned_by));
diesel::joinable!(campaign_promotions -> campaigns (campaign_id));
diesel::joinable!(campaign_tiers -> campaigns (campaign_id));
diesel::joinable!(campaigns -> brands (brand_id));
diesel::joinable!(campaigns -> tenants (tenant_id));
diesel::joinable!(campaigns -> users (created_by));
diesel::joinable!(commission_lines -> commissions (commission_id));
diesel::joinable!(commission_lines -> order_lines (order_line_id));
diesel::joinable!(commission_transitions -> commissions (commission_id));
diesel::joinable!(commissions -> brands (brand_id));
diesel::joinable!(commissions -> campaign_tiers (tier_id));
diesel::joinable!(commissions -> campaigns (campaign_id));
diesel::joinable!(commissions -> discount_codes (discount_code_id));
diesel::joinable!(commissions -> influencers (influencer_id));
diesel::joinable!(commissions -> orders (order_id));
diesel::joinable!(commissions -> settlement_runs (settlement_run_id));
diesel::joinable!(commissions -> tenants (tenant_id));
diesel::joinable!(consent_certificates -> consents (consent_id));
diesel::joinable!(consents -> arco_requests (revoked_by_arco_id));
diesel::joinable!(consents -> influencers (influencer_id));
diesel::joinable!(consents -> policy_versions (policy_version_id));
diesel::joinable!(consents -> tenants (tenant_id));
diesel::joinable!(consents -> users (recorded_by));
diesel::joinable!(discount_codes -> brands (brand_id));
diesel::joinable!(discount_codes -> campaigns (campaign_id));
diesel::joinable!(discount_codes -> influencers (influencer_id));
diesel::joinable!(discount_codes -> tenants (tenant_id));
diesel::joinable!(documents -> tenants (tenant_id));
diesel::joinable!(email_outbox -> tenants (tenant_id));
diesel::joinable!(email_outbox -> users (recipient_user_id));
diesel::joinable!(influencer_balance -> brands (brand_id));
diesel::joinable!(influencer_balance -> influencers (influencer_id));
diesel::joinable!(influencer_balance -> tenants (tenant_id));
diesel::joinable!(influencers -> tax_profiles (tax_profile_id));
diesel::joinable!(influencers -> tenants (tenant_id));
diesel::joinable!(influencers -> users (user_id));
diesel::joinable!(job_runs -> tenants (tenant_id));
diesel::joinable!(ledger_entries -> adjustments (adjustment_id));
diesel::joinable!(ledger_entries -> brands (brand_id));
diesel::joinable!(ledger_entries -> commissions (commission_id));
diesel::joinable!(ledger_entries -> influencers (influencer_id));
diesel::joinable!(ledger_entries -> settlement_runs (settlement_run_id));
diesel::joinable!(ledger_entries -> tenants (tenant_id));
diesel::joinable!(notifications -> tenants (tenant_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(order_lines -> orders (order_id));
diesel::joinable!(order_status_history -> orders (order_id));
diesel::joinable!(orders -> brands (brand_id));
diesel::joinable!(orders -> campaigns (campaign_id));
diesel::joinable!(orders -> discount_codes (discount_code_id));
diesel::joinable!(orders -> influencers (influencer_id));
diesel::joinable!(orders -> tenants (tenant_id));
diesel::joinable!(password_tokens -> users (user_id));
diesel::joinable!(policy_versions -> tenants (tenant_id));
diesel::joinable!(policy_versions -> users (published_by));
diesel::joinable!(login_challenges -> users (user_id));
diesel::joinable!(refresh_tokens -> auth_sessions (session_id));
diesel::joinable!(scheduled_jobs -> tenants (tenant_id));
diesel::joinable!(settlement_run_items -> commissions (commission_id));
diesel::joinable!(settlement_run_items -> settlement_runs (run_id));
diesel::joinable!(settlement_runs -> tenants (tenant_id));
diesel::joinable!(sign_in_failure_tallies -> tenants (tenant_id));
diesel::joinable!(status_history -> tenants (tenant_id));
diesel::joinable!(tax_profiles -> tenants (tenant_id));
diesel::joinable!(tier_assignments -> campaign_tiers (tier_id));
diesel::joinable!(tier_assignments -> campaigns (campaign_id));
diesel::joinable!(tier_assignments -> influencers (influencer_id));
diesel::joinable!(tier_assignments -> tenants (tenant_id));
diesel::joinable!(tier_evaluations -> campaigns (campaign_id));
diesel::joinable!(tier_evaluations -> tenants (tenant_id));
diesel::joinable!(tier_history -> campaign_tiers (tier_id));
diesel::joinable!(tier_history -> campaigns (campaign_id));
diesel::joinable!(tier_history -> influencers (influencer_id));
diesel::joinable!(tier_history -> tenants (tenant_id));
diesel::joinable!(tier_history -> tier_evaluations (evaluation_id));
diesel::joinable!(user_brands -> brands (brand_id));
diesel::joinable!(user_recovery_codes -> users (user_id));
diesel::joinable!(user_totp -> users (user_id));
diesel::joinable!(users -> tenants (tenant_id));
diesel::joinable!(webhook_delivery_log -> orders (order_id));
diesel::joinable!(webhook_delivery_log -> tenants (tenant_id));
diesel::joinable!(order_status_history -> webhook_delivery_log (delivery_id));

diesel::joinable!(idempotency_keys -> tenants (tenant_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(ledger_entries -> payments (payment_id));
diesel::joinable!(ledger_entries -> withdrawal_requests (withdrawal_id));
diesel::joinable!(payments -> brands (brand_id));
diesel::joinable!(payments -> influencers (influencer_id));
diesel::joinable!(payments -> payout_batches (batch_id));
diesel::joinable!(payments -> tenants (tenant_id));
diesel::joinable!(payout_batches -> brands (brand_id));
diesel::joinable!(payout_batches -> documents (csv_document_id));
diesel::joinable!(payout_batches -> tenants (tenant_id));
diesel::joinable!(withdrawal_events -> withdrawal_requests (withdrawal_id));
diesel::joinable!(withdrawal_requests -> brands (brand_id));
diesel::joinable!(withdrawal_requests -> influencers (influencer_id));
diesel::joinable!(withdrawal_requests -> payout_batches (batch_id));
diesel::joinable!(withdrawal_requests -> tenants (tenant_id));

diesel::joinable!(reconciliation_runs -> tenants (tenant_id));
diesel::joinable!(reconciliation_vtex_orders -> reconciliation_runs (run_id));
diesel::joinable!(reconciliation_discrepancies -> orders (order_id));
diesel::joinable!(reconciliation_discrepancies -> brands (brand_id));
diesel::joinable!(reconciliation_discrepancies -> influencers (influencer_id));
diesel::joinable!(reconciliation_discrepancies -> tenants (tenant_id));
diesel::joinable!(alerts -> tenants (tenant_id));
diesel::joinable!(alerts -> users (acknowledged_by));
diesel::joinable!(notifications -> alerts (alert_id));
diesel::joinable!(surveys -> tenants (tenant_id));
diesel::joinable!(surveys -> users (created_by));
diesel::joinable!(survey_responses -> surveys (survey_id));
diesel::joinable!(survey_responses -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    adjustments,
    alerts,
    backup_snapshots,
    reconciliation_discrepancies,
    reconciliation_runs,
    reconciliation_vtex_orders,
    survey_responses,
    surveys,
    arco_requests,
    audit_log,
    auth_sessions,
    bank_account_changes,
    brand_withdrawal_policies,
    brands,
    campaign_influencers,
    campaign_promotions,
    campaign_tiers,
    campaigns,
    commission_lines,
    commission_transitions,
    commissions,
    consent_certificates,
    dashboard_confirmed_days,
    dashboard_months,
    dashboard_totals,
    consents,
    discount_codes,
    documents,
    email_outbox,
    idempotency_keys,
    influencer_balance,
    influencers,
    job_outbox,
    job_runs,
    ledger_entries,
    login_attempts,
    login_challenges,
    notifications,
    order_lines,
    order_status_history,
    orders,
    password_tokens,
    payments,
    payout_batches,
    policy_versions,
    refresh_tokens,
    scheduled_jobs,
    settlement_run_items,
    settlement_runs,
    sign_in_failure_tallies,
    status_history,
    tax_profiles,
    tenants,
    tier_assignments,
    tier_evaluations,
    tier_history,
    user_brands,
    user_recovery_codes,
    user_roles,
    user_totp,
    users,
    webhook_delivery_log,
    withdrawal_events,
    withdrawal_requests,
);
