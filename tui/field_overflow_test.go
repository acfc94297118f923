package tui

import (
	"strings"
	"testing"

	"jixiao/domain"
)

// TestLargeAmountNeverLosesLeadingDigits (issue 12, finding 10): an amount
// too long for its 附件1 field (confirmed past the plausibility question)
// shows its start and an ellipsis, never its tail alone (100000000000 was
// shown as 00000000000), and no line of the frame overflows.
func TestLargeAmountNeverLosesLeadingDigits(t *testing.T) {
	f := loadSample(t)
	big := domain.Dec(domain.PlausibleLimit.Mul(domain.PlausibleLimit))
	f.BasicData.Sangong.Reception.Final = big
	for _, sz := range [][2]int{{80, 24}, {120, 40}} {
		m := opened(t, f, sz[0], sz[1])
		m.wiz.enter(stepStaffFunds)
		checkFrame(t, m, sz[0], sz[1])
		screen := screenText(m)
		if !strings.Contains(screen, "1000000000") || strings.Contains(screen, " 0000000000") {
			t.Fatalf("%dx%d: 公务接待 shows the amount without its leading digits:\n%s", sz[0], sz[1], screen)
		}
	}
}
