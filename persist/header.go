package persist

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"unicode/utf8"
)

// This file reads bbolt's on-disk structures directly, through ReadAt and
// never through a memory map, so that a damaged file is recognised and
// refused before bbolt maps it: bbolt trusts page numbers it finds on disk,
// and following one past the end of the file faults rather than failing.
// The layout is that of bbolt's internal/common package (file format
// version 2): a 16-byte page header {id u64, flags u16, count u16,
// overflow u32}; a meta page holds {magic, version, pageSize, flags u32;
// root {pgid, sequence u64}; freelist, pgid, txid, checksum u64}.

const (
	boltMagic          = 0xED0CDAED
	boltVersion        = 2
	pageHeaderSize     = 16
	metaSize           = 64
	metaChecksumOffset = 56
	elementSize        = 16 // branch and leaf page elements
	bucketHeaderSize   = 16
	branchPageFlag     = 0x01
	leafPageFlag       = 0x02
	freelistPageFlag   = 0x10
	bucketLeafFlag     = 0x01
	pgidNoFreelist     = ^uint64(0)
	maxWalkDepth       = 64
)

var ne = binary.NativeEndian // bbolt writes in the machine's byte order

// boltMeta is a decoded, validated meta page.
type boltMeta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pgid     uint64 // high water mark: pages [0, pgid) exist
	txid     uint64
}

// parseMeta decodes the meta stored at b (the bytes after a page header).
// It returns ok=false with a reason when the magic, version or checksum is
// wrong.
func parseMeta(b []byte) (m boltMeta, ok bool, reason string) {
	if len(b) < metaSize {
		return m, false, "文件太短"
	}
	if ne.Uint32(b[0:]) != boltMagic {
		return m, false, "magic"
	}
	if v := ne.Uint32(b[4:]); v != boltVersion {
		return m, false, fmt.Sprintf("bbolt 文件格式版本 %d 不受支持", v)
	}
	h := fnv.New64a()
	h.Write(b[:metaChecksumOffset])
	if h.Sum64() != ne.Uint64(b[metaChecksumOffset:]) {
		return m, false, "checksum"
	}
	m = boltMeta{
		pageSize: ne.Uint32(b[8:]),
		root:     ne.Uint64(b[16:]),
		freelist: ne.Uint64(b[32:]),
		pgid:     ne.Uint64(b[40:]),
		txid:     ne.Uint64(b[48:]),
	}
	return m, true, ""
}

// readBoltMeta returns the meta page bbolt would use for the file r of the
// given size, or a *NotDatabaseError (without Path) saying why the file is
// not a usable bbolt database. It checks that the file is at least as long
// as the meta's high water mark, so a truncated file is refused.
func readBoltMeta(r io.ReaderAt, size int64) (boltMeta, error) {
	if size == 0 {
		return boltMeta{}, &NotDatabaseError{Reason: "文件是空的"}
	}
	head := make([]byte, min(size, 4096))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return boltMeta{}, fileError("读取", "", err)
	}
	var metas []boltMeta
	var reasons []string
	if m, ok, why := parseMeta(head[min(len(head), pageHeaderSize):]); ok {
		metas = append(metas, m)
	} else {
		reasons = append(reasons, why)
	}
	// The second meta page sits one page further on. Its page size is the
	// first meta's, or (when that one is damaged) any of bbolt's sizes.
	sizes := []int64{}
	if len(metas) == 1 {
		sizes = append(sizes, int64(metas[0].pageSize))
	} else {
		for i := 0; i <= 14; i++ {
			sizes = append(sizes, 1024<<i)
		}
	}
	buf := make([]byte, pageHeaderSize+metaSize)
	for _, ps := range sizes {
		if ps+int64(len(buf)) > size {
			break
		}
		if _, err := r.ReadAt(buf, ps); err != nil {
			return boltMeta{}, fileError("读取", "", err)
		}
		m, ok, why := parseMeta(buf[pageHeaderSize:])
		if ok && int64(m.pageSize) == ps {
			metas = append(metas, m)
			break
		}
		if len(reasons) < 2 {
			reasons = append(reasons, why)
		}
	}
	if len(metas) == 0 {
		return boltMeta{}, &NotDatabaseError{Reason: sniff(head, reasons)}
	}
	m := metas[0]
	if len(metas) == 2 && metas[1].txid > m.txid {
		m = metas[1]
	}
	ps := uint64(m.pageSize)
	if ps < 512 || ps > 1<<24 || ps&(ps-1) != 0 {
		return boltMeta{}, &NotDatabaseError{Reason: fmt.Sprintf("页大小 %d 不合理，文件头已损坏", ps)}
	}
	if m.pgid < 2 || m.root >= m.pgid || (m.freelist != pgidNoFreelist && m.freelist >= m.pgid) {
		return boltMeta{}, &NotDatabaseError{Reason: "文件头中的页号不合理，文件已损坏"}
	}
	if need := m.pgid * ps; need/ps != m.pgid || uint64(size) < need {
		return boltMeta{}, &NotDatabaseError{Reason: fmt.Sprintf("文件被截断：应至少有 %d 字节，实际只有 %d 字节", m.pgid*ps, size)}
	}
	return m, nil
}

// sniff names what a file that is not bbolt looks like.
func sniff(head []byte, reasons []string) string {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '['):
		return "这是一个 JSON 文本文件（填报文件请用 jixiao import 导入）"
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return "这是一个 SQLite 数据库"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "这是一个 ZIP 压缩文件（或 XLSX 表格）"
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "这是一个 PDF 文件"
	case len(bytes.Trim(head, "\x00")) == 0:
		return "文件内容全是零字节（可能在写入时被截断或损坏）"
	case len(head) < 1024:
		return fmt.Sprintf("文件太短（%d 字节），不是 bbolt 数据库", len(head))
	}
	for _, r := range reasons {
		switch r {
		case "checksum":
			return "两个元数据页的校验和都不对，文件头已损坏"
		case "magic", "", "文件太短":
		default:
			return r
		}
	}
	if isText(head) {
		return "这是一个文本文件，不是 bbolt 数据库"
	}
	return "文件头不是 bbolt 格式"
}

// pageWalker checks, through ReadAt, that every page reachable from the
// root bucket lies inside the file and that every element of it lies inside
// its page, so that bbolt's own consistency check can then follow them
// without faulting.
type pageWalker struct {
	r        io.ReaderAt
	pageSize uint64
	hwm      uint64
	seen     map[uint64]bool
	problems []string
}

func (w *pageWalker) problem(format string, args ...any) {
	if len(w.problems) < 100 {
		w.problems = append(w.problems, fmt.Sprintf(format, args...))
	}
}

// walkStructure checks the freelist page and the page tree of the file
// described by m; it returns the problems found (Chinese).
func walkStructure(r io.ReaderAt, m boltMeta) []string {
	w := &pageWalker{r: r, pageSize: uint64(m.pageSize), hwm: m.pgid, seen: map[uint64]bool{}}
	if m.freelist != pgidNoFreelist {
		if hdr, ok := w.header(m.freelist, "空闲页列表"); ok && hdr.flags&freelistPageFlag == 0 {
			w.problem("空闲页列表页 %d 的类型不对（%#x）", m.freelist, hdr.flags)
		}
	}
	w.tree(m.root, 0, "根")
	return w.problems
}

type pageHeader struct {
	id       uint64
	flags    uint16
	count    uint16
	overflow uint32
}

func decodeHeader(b []byte) pageHeader {
	return pageHeader{id: ne.Uint64(b), flags: ne.Uint16(b[8:]), count: ne.Uint16(b[10:]), overflow: ne.Uint32(b[12:])}
}

// header reads and bounds-checks the header of page id.
func (w *pageWalker) header(id uint64, what string) (pageHeader, bool) {
	if id < 2 || id >= w.hwm {
		w.problem("%s页号 %d 超出文件范围（共 %d 页）", what, id, w.hwm)
		return pageHeader{}, false
	}
	b := make([]byte, pageHeaderSize)
	if _, err := w.r.ReadAt(b, int64(id*w.pageSize)); err != nil {
		w.problem("读取页 %d 失败：%v", id, err)
		return pageHeader{}, false
	}
	h := decodeHeader(b)
	if h.id != id {
		w.problem("页 %d 的页头记录的页号是 %d，页已损坏", id, h.id)
		return h, false
	}
	if id+uint64(h.overflow) >= w.hwm {
		w.problem("页 %d 的溢出页（%d 页）超出文件范围", id, h.overflow)
		return h, false
	}
	return h, true
}

// tree checks the B+tree rooted at page id.
func (w *pageWalker) tree(id uint64, depth int, what string) {
	if depth > maxWalkDepth {
		w.problem("页 %d：树的层数过多，结构已损坏", id)
		return
	}
	if w.seen[id] {
		w.problem("页 %d 被引用了多次，结构已损坏", id)
		return
	}
	w.seen[id] = true
	h, ok := w.header(id, what)
	if !ok {
		return
	}
	page := make([]byte, (uint64(h.overflow)+1)*w.pageSize)
	if _, err := w.r.ReadAt(page, int64(id*w.pageSize)); err != nil {
		w.problem("读取页 %d 失败：%v", id, err)
		return
	}
	w.elements(id, page, h, depth)
}

// elements checks the elements of a branch or leaf page held in page (the
// whole page including its header; for an inline bucket, its value).
func (w *pageWalker) elements(id uint64, page []byte, h pageHeader, depth int) {
	n := uint64(h.count)
	if pageHeaderSize+n*elementSize > uint64(len(page)) {
		w.problem("页 %d 的元素个数 %d 超出页的大小", id, n)
		return
	}
	for i := uint64(0); i < n; i++ {
		off := pageHeaderSize + i*elementSize
		e := page[off : off+elementSize]
		switch {
		case h.flags&branchPageFlag != 0:
			pos, ksize, child := uint64(ne.Uint32(e)), uint64(ne.Uint32(e[4:])), ne.Uint64(e[8:])
			if off+pos+ksize > uint64(len(page)) {
				w.problem("页 %d 第 %d 个元素的键超出页的范围", id, i)
				continue
			}
			w.tree(child, depth+1, "分支")
		case h.flags&leafPageFlag != 0:
			flags, pos, ksize, vsize := ne.Uint32(e), uint64(ne.Uint32(e[4:])), uint64(ne.Uint32(e[8:])), uint64(ne.Uint32(e[12:]))
			end := off + pos + ksize + vsize
			if end > uint64(len(page)) || end < off {
				w.problem("页 %d 第 %d 个元素的键或值超出页的范围", id, i)
				continue
			}
			if flags&bucketLeafFlag == 0 {
				continue
			}
			v := page[off+pos+ksize : end]
			if len(v) < bucketHeaderSize {
				w.problem("页 %d 第 %d 个元素：子桶的头部不完整", id, i)
				continue
			}
			if root := ne.Uint64(v); root != 0 {
				w.tree(root, depth+1, "子桶")
				continue
			}
			inline := v[bucketHeaderSize:]
			if len(inline) < pageHeaderSize {
				w.problem("页 %d 第 %d 个元素：内联子桶不完整", id, i)
				continue
			}
			ih := decodeHeader(inline)
			if ih.flags&leafPageFlag == 0 {
				w.problem("页 %d 第 %d 个元素：内联子桶的类型不对", id, i)
				continue
			}
			w.elements(id, inline, ih, depth+1)
		default:
			w.problem("页 %d 的类型不对（%#x），应为分支页或叶子页", id, h.flags)
			return
		}
	}
}

// isText reports whether head looks like UTF-8 text (it may end in the
// middle of a character).
func isText(head []byte) bool {
	for cut := 0; cut < utf8.UTFMax && cut < len(head); cut++ {
		if utf8.Valid(head[:len(head)-cut]) {
			return !bytes.ContainsFunc(head[:len(head)-cut], func(r rune) bool {
				return r < 0x20 && r != '\n' && r != '\r' && r != '\t'
			})
		}
	}
	return false
}
