//! What leaves the program on purpose: a clouds.yaml entry, an openrc file
//! or JSON for a new credential, written 0600 and atomically, or merged into
//! an existing clouds.yaml without touching anything else.
