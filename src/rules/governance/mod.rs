//! XG6xx: governance — waivers and inline allows (XG601-XG609, emitted while applying `xgea.toml`), the
//! pinned model version (XG610 on).

pub mod xg601_expired_waiver;
pub mod xg602_unused_waiver;
pub mod xg603_waiver_without_approver;
pub mod xg604_invalid_inline_allow;
pub mod xg610_model_version_superseded;
pub mod xg611_estate_snapshot_out_of_date;
