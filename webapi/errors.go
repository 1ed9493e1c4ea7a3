package webapi

import "errors"

var errRange = errors.New("offset or length outside the buffer")
