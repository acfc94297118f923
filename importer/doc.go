// Package importer reads a budget unit's filing from the Word (.docx) or
// Excel (.xlsx) documents it filed: 附件1 基础数据表, 附件2 整体支出绩效自评表,
// each 附件3 项目支出绩效自评表 and the sections of 附件4 自评报告. Tables are
// found by their titles and their rows and columns by their labels, not by
// position; merged cells are resolved first. The result is a draft filing
// together with a Report that lists what was mapped, every cell that could
// not be placed and every figure that had to be reinterpreted (元 to 万元,
// full-width digits, ≧ …): nothing is guessed silently.
//
// The package reads bytes only; it knows nothing of files, storage or
// screens.
package importer
