package xecm

// RecordsService works with records management: RM classifications, record details, holds and RSIs.
type RecordsService service
