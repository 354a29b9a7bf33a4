"""What the front ends (the command line, the ledger service, the browser workbench) share, one
layer below them so that none imports another: the JSON envelope, the ledger's HTTP client and
the trust in a log's key, the static assets both servers serve."""
