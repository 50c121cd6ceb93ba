package xecmtest

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestDatesFormatLikeTimeFormat holds dateV2 and dateNoZone to
// time.Format with their layouts, in and outside the years 0 to 9999,
// across zones and at the edges of days, months and years.
func TestDatesFormatLikeTimeFormat(t *testing.T) {
	east := time.FixedZone("east", 14*3600)
	times := []time.Time{
		time.Date(2025, 1, 19, 6, 57, 4, 0, time.UTC),
		time.Date(2025, 1, 19, 6, 57, 4, 999999999, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, east),
		time.Date(2024, 2, 29, 13, 5, 9, 0, time.Local),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC),
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		times = append(times, time.Unix(r.Int64N(400<<30)-200<<30, r.Int64N(1e9)).In(east))
	}
	for _, tm := range times {
		assert.Equal(t, tm.UTC().Format(layoutV2), dateV2(tm), "%v", tm)
		assert.Equal(t, tm.UTC().Format(layoutNoZone), dateNoZone(tm), "%v", tm)
	}
	assert.Nil(t, dateV2(time.Time{}))
	assert.Nil(t, dateNoZone(time.Time{}))
	assert.Equal(t, "06:57", string(appendDate(nil, times[0], "15:04")), "another layout is time's")
}
