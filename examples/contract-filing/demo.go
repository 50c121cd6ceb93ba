package main

// demo completes the flags for the embedded simulator (main calls it when
// ECM_URL is unset; a copy of run for a real server needs nothing of it):
// the demo files a contract of CRM account 0015g00000XyZ, classified under
// the simulator's RM classification for contracts, found by its path.
func demo(cfg *Config) {
	if cfg.AccountID == "" && cfg.AccountName == "" {
		cfg.AccountID, cfg.AccountName = "0015g00000XyZ", "ACME Corp"
	}
	if cfg.DealID == "" {
		cfg.DealID = "D-1042"
	}
	if cfg.RMClassID == 0 && cfg.RMClassPath == "" {
		cfg.RMClassPath = "RM Classifications/Corporate Records/Contracts"
	}
}
