package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"jixiao/domain"
	"jixiao/internal/filingfile"
	"jixiao/internal/termsafe"
)

var cmdRules = &command{name: "rules", summary: "评分规则：列出内置规则、显示规则内容、检查规则文件", run: runRules}

const rulesUsage = `用法：jixiao rules list
      jixiao rules show 规则编号|规则文件.json
      jixiao rules check 规则文件.json

评分规则规定执行率分值、各一级指标及其二级指标和分值、等级线、
定性指标的达成档次等（格式见 docs/rules.md）。

  list    列出内置评分规则的编号、名称和依据文件
  show    以规则文件格式（JSON）显示一套规则的全部内容
  check   检查规则文件；有误时指出出错的键

填报可用顶层键 "rules" 指定内置规则的编号（不填为 mof-2020）。
score、check、show、export、summary 可用 --rules 规则文件.json
按该文件的规则评分（不论填报指定了哪套规则）。

退出码：0 成功；1 规则文件有误；2 参数错误或文件无法读取。
`

// rulesFlagUsage is the help line of --rules shared by the commands that
// score.
const rulesFlagUsage = "  --rules 规则文件.json  按该文件的评分规则评分（格式见 jixiao rules --help）\n"

// rulesFlag adds --rules to fs.
func rulesFlag(fs *flagSet) *string { return fs.String("rules", "", "") }

// readRulesFile reads and validates the rules file at path. The error is
// a Chinese sentence naming the file (and the key, for a *domain.RulesError).
func readRulesFile(path string) (domain.Rules, error) {
	data, err := filingfile.Read(context.Background(), path)
	if err != nil {
		return domain.Rules{}, fmt.Errorf("无法读取规则文件：%w", err)
	}
	return domain.ParseRules(termsafe.String(filepath.Base(path)), data)
}

// ruleSets returns the resolver a scoring command uses: the built-in sets,
// and with --rules FILE that file's set for every filing.
func ruleSets(path string) (domain.RuleSets, error) {
	if path == "" {
		return domain.RuleSets{}, nil
	}
	r, err := readRulesFile(path)
	if err != nil {
		return domain.RuleSets{}, err
	}
	return domain.RuleSets{}.Forcing(r), nil
}

// rulesExitCode is 1 for a rules file with a mistake, 2 for one that could
// not be read.
func rulesExitCode(err error) int {
	if errors.Is(err, domain.ErrRulesInvalid) {
		return exitFindings
	}
	return exitUsage
}

// rulesLine describes the rule set a table was scored under.
func rulesLine(r domain.Rules) string {
	return fmt.Sprintf("评分规则：%s（%s）", r.Name, r.ID)
}

func runRules(app *App, args []string) int {
	fs := newFlagSet(app, "rules", rulesUsage)
	pos, code, done := fs.parse(args)
	if done {
		return code
	}
	if len(pos) == 0 {
		return app.fail("rules", exitUsage, "需要子命令 list、show 或 check。运行 jixiao rules --help 查看用法。")
	}
	sub, rest := pos[0], pos[1:]
	switch sub {
	case "list":
		if len(rest) != 0 {
			return app.fail("rules", exitUsage, "rules list 不需要参数。")
		}
		rows := [][]string{{"编号", "名称", "依据"}}
		for _, r := range domain.BuiltinRules() {
			rows = append(rows, []string{r.ID, r.Name, r.Source})
		}
		writeTable(app.stdout, rows)
		return exitOK
	case "show":
		if len(rest) != 1 {
			return app.fail("rules", exitUsage, "rules show 需要且只需要一个规则编号或规则文件。")
		}
		r, ok := domain.RuleSets{}.Lookup(rest[0])
		if !ok {
			if !strings.HasSuffix(strings.ToLower(rest[0]), ".json") {
				return app.fail("rules", exitUsage, "没有编号为“%s”的内置规则（运行 jixiao rules list 查看）。", termsafe.String(rest[0]))
			}
			var err error
			if r, err = readRulesFile(rest[0]); err != nil {
				return app.fail("rules", rulesExitCode(err), "%v", err)
			}
		}
		_, err := app.stdout.Write(domain.EncodeRules(r))
		if err != nil {
			return app.fail("rules", exitFindings, "无法输出：%v", err)
		}
		return exitOK
	case "check":
		if len(rest) != 1 {
			return app.fail("rules", exitUsage, "rules check 需要且只需要一个规则文件。")
		}
		r, err := readRulesFile(rest[0])
		if err != nil {
			return app.fail("rules", rulesExitCode(err), "%v", err)
		}
		parts := []string{}
		if r.ExecutionCounts {
			parts = append(parts, "执行率"+r.ExecutionWeight.String())
		}
		for _, l := range r.Levels {
			parts = append(parts, l.Name+l.Weight.String())
		}
		grades := []string{}
		for _, g := range r.Grades {
			grades = append(grades, g.Name+"≥"+g.Min.String())
		}
		fmt.Fprintf(app.stdout, "规则文件有效：%s（%s）\n  总分%s = %s\n  等级：%s\n",
			termsafe.String(r.Name), termsafe.String(r.ID), r.TotalWeight.String(), termsafe.String(strings.Join(parts, " + ")), termsafe.String(strings.Join(grades, "，")))
		if r.ExecutionInGrid {
			fmt.Fprintln(app.stdout, "  表样：执行率列为绩效指标表第一行，总分列在资金行")
		}
		return exitOK
	}
	return app.fail("rules", exitUsage, "未知的子命令“%s”，应为 list、show 或 check。", termsafe.String(sub))
}
