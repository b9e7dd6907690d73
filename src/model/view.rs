//! Views: placeholder
