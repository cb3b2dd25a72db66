//! aerohadoop's core (being built).
