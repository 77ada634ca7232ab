//! Assess stage: progress against targets, scores, non-retrogression, gaps, uncertainty and privacy.
