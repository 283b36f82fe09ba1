"""Goals: tracking them (progress, milestones, done and dropped) and the SMART checker."""
