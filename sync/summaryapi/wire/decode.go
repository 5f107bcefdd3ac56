package wire

import (
	"errors"
	"fmt"

	"github.com/cabinetapp/cabinet/sync/decode"
)

// DecodeDistrict reads the body of GET /v1/district.
func DecodeDistrict(data []byte) (District, error) {
	var d District
	if err := decode.JSON(data, &d); err != nil {
		return District{}, err
	}
	return d, nil
}

// DecodeSchools reads the body of GET /v1/schools.
func DecodeSchools(data []byte) (List[School], error) { return decodeList[string, School](data) }

// DecodeMetrics reads the body of GET /v1/metrics.
func DecodeMetrics(data []byte) (List[Metric], error) { return decodeList[string, Metric](data) }

// DecodeObservations reads one page of GET /v1/observations.
func DecodeObservations(data []byte) (List[Observation], error) {
	if l, ok := fastList(data, setObservation); ok {
		return checkPage(checkList(l))
	}
	return checkPage(decodeList[ObservationKey, Observation](data))
}

// DecodeBudget reads the body of GET /v1/budget-lines.
func DecodeBudget(data []byte) (List[BudgetLine], error) {
	return decodeList[BudgetKey, BudgetLine](data)
}

// DecodeProducts reads the body of GET /v1/products.
func DecodeProducts(data []byte) (List[Product], error) { return decodeList[string, Product](data) }

// DecodeUsage reads one page of GET /v1/product-usage.
func DecodeUsage(data []byte) (List[Usage], error) {
	if l, ok := fastList(data, setUsage); ok {
		return checkPage(checkList(l))
	}
	return checkPage(decodeList[UsageKey, Usage](data))
}

// checkPage checks what a page of a paged collection promises besides a
// list's: a cursor on every page, the last included, since the next
// sync starts from it.
func checkPage[T any](l List[T], err error) (List[T], error) {
	if err == nil && l.Cursor == "" {
		return List[T]{}, errors.New(`the page has no "cursor"; every page needs one, the last too, for the next sync to start from`)
	}
	return l, err
}

// decodeList reads a collection body: valid JSON of the right shape, an
// items array, and no key twice. A page is checked on its own; keys repeated
// across pages are caught by the cache's primary keys in a full sync.
func decodeList[K comparable, T interface{ Key() K }](data []byte) (List[T], error) {
	var l List[T]
	if err := decode.JSON(data, &l); err != nil {
		return List[T]{}, err
	}
	return checkList(l)
}

// checkList checks what a decoded list promises.
func checkList[K comparable, T interface{ Key() K }](l List[T]) (List[T], error) {
	if l.Items == nil {
		return List[T]{}, errors.New(`the body has no "items" list`)
	}
	if l.HasMore && l.Cursor == "" {
		return List[T]{}, errors.New(`the body says it has more items but gives no cursor`)
	}
	if l.Total < 0 {
		return List[T]{}, fmt.Errorf("the body's total %d is negative", l.Total)
	}
	seen := make(map[K]int, len(l.Items))
	for i, it := range l.Items {
		k := it.Key()
		if j, dup := seen[k]; dup {
			return List[T]{}, fmt.Errorf("item %d repeats item %d (%v): each key may appear once", i+1, j+1, k)
		}
		seen[k] = i
	}
	return l, nil
}
