package xecm_test

import (
	"context"
	"fmt"
	"log"
	"net/url"
	"strconv"

	"github.com/xecm-go/xecm"
	"github.com/xecm-go/xecm/xecmtest"
)

// A report that renders JSON is run by its nickname with a parameter and
// its output decoded into the caller's type.
func ExampleWebReportsService_Run() {
	sim := xecmtest.NewServer()
	defer sim.Close()
	ctx := context.Background()
	c, _ := xecm.NewClient(sim.URL, xecm.WithPassword("Admin", "livelink"))
	folder := sim.AddFolder(2000, "Contracts")
	sim.AddEmptyDocument(folder, "MSA.pdf")
	sim.AddEmptyDocument(folder, "NDA.pdf")

	var out struct {
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	report := xecm.WebReportNickname(xecmtest.ChildrenReportNickname)
	if err := c.WebReports.Run(ctx, report, url.Values{"folderID": {strconv.FormatInt(folder, 10)}}, &out); err != nil {
		log.Fatal(err)
	}
	for _, it := range out.Items {
		fmt.Println(it.Name)
	}
	// Output:
	// MSA.pdf
	// NDA.pdf
}
