//go:build !unix

package serve

// noFollow is not available here; uploads are checked with Lstat.
const noFollow = 0
