"""The command line: `orgsim run`, `orgsim check`."""
