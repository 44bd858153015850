//! The world's equations: the prisoner stock, sanctions measures and the random draws they
//! need, the feedbacks on arrests, the prices and credibility of deals, the hardliners,
//! each actor's payoff and how a bargaining round splits its surplus. The engine keeps the
//! order of events in a month and calls these.
//! Pure: every function takes its random generator as a parameter and does no I/O.

pub mod bargain;
pub mod belief;
pub mod choice;
pub mod cycle;
pub mod deal;
pub mod decision;
pub mod feedback;
pub mod hardliners;
pub mod payoffs;
pub mod prisoners;
pub mod sample;
pub mod sanctions;
