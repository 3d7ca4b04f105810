// Placeholder: the `twiml-jsx check` command line is being written.
process.exitCode = 2;
