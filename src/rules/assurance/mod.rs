//! XG5xx: information assurance — what an interface carries against what its counterpart may hold, and
//! personal data shared without a legal basis.

pub mod xg501_marking_above_counterpart;
pub mod xg502_personal_data_without_legal_basis;
pub mod xg503_marking_above_accreditation;
