package tui

import "jixiao/store"

// The TUI works through the store port (package store); these are its
// names for the port's types, so that the many screens that hold a
// variable called store need no import of their own.
type (
	// Store is store.Store.
	Store = store.Store
	// Meta is store.Meta.
	Meta = store.Meta
	// Autosaver is store.Autosaver.
	Autosaver = store.Autosaver
	// Namer is store.Namer.
	Namer = store.Namer
	// Auditor is store.Auditor.
	Auditor = store.Auditor
	// AuditEntry is store.AuditEntry.
	AuditEntry = store.AuditEntry
	// AuditChange is store.AuditChange.
	AuditChange = store.AuditChange
	// Granter is store.Granter.
	Granter = store.Granter
	// Locker is store.Locker.
	Locker = store.Locker
)

// ErrNotFound and ErrConflict are the store's sentinels (store.ErrNotFound,
// store.ErrConflict).
var (
	ErrNotFound = store.ErrNotFound
	ErrConflict = store.ErrConflict
)
