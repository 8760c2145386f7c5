package terraform_test

import (
	"fmt"
	"os"

	"github.com/onus-dev/onus/internal/inventory/terraform"
)

// A CI gate streams a plan's changes and looks at those that bring a
// resource into being, with the object as it will be after the apply.
func ExampleScanPlan() {
	f, err := os.Open("testdata/plan.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	plan, err := terraform.ScanPlan(f, "plan.json", func(c *terraform.Change) error {
		if c.Mode == "managed" && (c.Action == terraform.ActionCreate || c.Action == terraform.ActionReplace) {
			fmt.Printf("%s %s (%s, line %d) launch_type=%q\n", c.Action, c.Address, c.ConfigAddress, c.Loc.Line, c.After.Attrs["launch_type"])
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("errored:", plan.Errored)
	// Output:
	// create module.app["web"].aws_ecs_service.svc (module.app.aws_ecs_service.svc, line 47) launch_type="FARGATE"
	// replace aws_instance.web[0] (aws_instance.web, line 78) launch_type=""
	// replace aws_launch_template.lt (aws_launch_template.lt, line 103) launch_type=""
	// replace aws_instance.kept (aws_instance.kept, line 147) launch_type=""
	// create module.team["a\"b"].module.x[2].aws_iam_user.u["x"] (module.team.module.x.aws_iam_user.u, line 171) launch_type=""
	// errored: false
}
