//! One template per page of the site; [`super::layout`] frames them and [`super::parts`] holds the fragments
//! several share.

pub mod capability;
pub mod department;
pub mod graph;
pub mod heatmap;
pub mod index;
pub mod model;
pub mod roadmap;
pub mod scorecards;
pub mod sourcing;
pub mod system;
