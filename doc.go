// Package onus is the domain of shared security responsibility: parties,
// security layers, delivery models, assets, the organisation's assignments
// and assumptions, agreements with providers and vendors, the catalog of
// provider models, and the findings of the self-evaluation.
//
// It imports only the standard library. The engine that resolves who is
// accountable for each layer of each asset lives in internal/engine; readers
// and writers of files live in packages of their own under internal/.
package onus
