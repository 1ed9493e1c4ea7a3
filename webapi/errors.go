package webapi

import "errors"

var errRange = errors.New("offset or length outside the buffer")

var errNonStandardGCM = errors.New("AES-GCM with a non-96-bit iv supports only a 128-bit tag here")
